//! The dict path without Python's `json` module: request objects are written as JSON text in
//! Rust (the core then parses and validates them exactly as for any JSON caller), and typed
//! responses become Python objects directly, through a serde `Serializer`, with no JSON text in
//! between. The objects are the ones `json.loads(text, parse_float=Decimal)` would give for the
//! core's response text: dicts in field order, `str`, `int`, `bool`, `None`, and `Decimal` for
//! non-integer numbers.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString,
    PyTuple,
};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::collections::HashMap;
use std::fmt::{self, Display};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

// ---------------------------------------------------------------------------------------------
// Python object → JSON text.

/// Why a request object cannot be written as JSON: the path of the value and what it is.
pub(crate) struct Unwritable {
    /// `touches[3].at`, empty for the request itself.
    pub path: String,
    /// What is wrong with the value.
    pub what: String,
}

/// Deeper than any valid request; stops reference cycles (`d["self"] = d`) too.
const MAX_DEPTH: usize = 256;

/// The request object as compact JSON text, as `json.dumps(..., separators=(",", ":"),
/// ensure_ascii=False)` with the package's `default` hook would write it: `Decimal` as its
/// plain decimal text in a string, `datetime`/`date` as ISO strings, tuples and sets as lists.
pub(crate) fn to_json(value: &Bound<'_, PyAny>) -> Result<String, Unwritable> {
    let mut out = Vec::with_capacity(1024);
    // The path is tracked only to name a value that fails: the first pass runs without it,
    // and only a request that fails is walked again with it.
    let mut path = Path {
        steps: Vec::new(),
        tracked: false,
        depth: 0,
    };
    if let Err(first) = write_value(value, &mut out, &mut path) {
        let mut path = Path {
            steps: Vec::new(),
            tracked: true,
            depth: 0,
        };
        return Err(match write_value(value, &mut Vec::new(), &mut path) {
            Err(named) => named,
            Ok(()) => first,
        });
    }
    // Only whole `str`s and ASCII punctuation were written, so the bytes are UTF-8.
    String::from_utf8(out).map_err(|_| Unwritable {
        path: String::new(),
        what: "the request is not valid UTF-8".to_owned(),
    })
}

/// One step of the path being written.
/// Keys are kept as the Python objects (a reference count, no copy): the path is only
/// written out when a value fails.
enum Step<'py> {
    Key(Bound<'py, PyAny>),
    Index(usize),
}

/// The steps to the value being written, when tracked.
struct Path<'py> {
    steps: Vec<Step<'py>>,
    tracked: bool,
    /// How deep the value being written is, tracked or not.
    depth: usize,
}

impl<'py> Path<'py> {
    fn push(&mut self, step: impl FnOnce() -> Step<'py>) {
        self.depth += 1;
        if self.tracked {
            self.steps.push(step());
        }
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.tracked {
            self.steps.pop();
        }
    }
}

fn path_text(path: &[Step<'_>]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !text.is_empty() {
                    text.push('.');
                }
                let k = key_text(k, &[]).unwrap_or_else(|u| u.what);
                text.push_str(&k);
            }
            Step::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

fn unwritable(path: &[Step<'_>], what: impl Into<String>) -> Unwritable {
    Unwritable {
        path: path_text(path),
        what: what.into(),
    }
}

fn write_str(text: &str, out: &mut Vec<u8>) {
    // serde_json's escaping; writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

fn py_str<'a>(
    s: &'a Bound<'_, PyString>,
    path: &[Step<'_>],
) -> Result<std::borrow::Cow<'a, str>, Unwritable> {
    s.to_cow()
        .map_err(|_| unwritable(path, "the string is not valid Unicode (lone surrogate)"))
}

fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

fn write_value<'py>(
    value: &Bound<'py, PyAny>,
    out: &mut Vec<u8>,
    path: &mut Path<'py>,
) -> Result<(), Unwritable> {
    if path.depth > MAX_DEPTH {
        return Err(unwritable(
            &path.steps,
            "the request is nested too deeply (or holds a reference cycle)",
        ));
    }
    if let Ok(s) = value.cast::<PyString>() {
        write_str(&py_str(s, &path.steps)?, out);
    } else if let Ok(dict) = value.cast::<PyDict>() {
        out.push(b'{');
        for (i, (key, item)) in dict.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if let Ok(k) = key.cast::<PyString>() {
                write_str(&py_str(k, &path.steps)?, out);
            } else {
                write_str(&key_text(&key, &path.steps)?, out);
            }
            out.push(b':');
            path.push(|| Step::Key(key));
            write_value(&item, out, path)?;
            path.pop();
        }
        out.push(b'}');
    } else if value.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(b) = value.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if let Ok(list) = value.cast::<PyList>() {
        write_items(list.iter(), out, path)?;
    } else if value.is_instance_of::<PyInt>() {
        match value.extract::<i64>() {
            Ok(n) => {
                // Writing into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, &n);
            }
            Err(_) => {
                let text = value
                    .str()
                    .map_err(|e| unwritable(&path.steps, e.to_string()))?;
                out.extend_from_slice(py_str(&text, &path.steps)?.as_bytes());
            }
        }
    } else if let Ok(f) = value.cast::<PyFloat>() {
        let x = f.value();
        if !x.is_finite() {
            return Err(unwritable(&path.steps, format!("{x} is not a JSON number")));
        }
        let text = value
            .repr()
            .map_err(|e| unwritable(&path.steps, e.to_string()))?;
        out.extend_from_slice(py_str(&text, &path.steps)?.as_bytes());
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        write_items(tuple.iter(), out, path)?;
    } else if value.is_instance_of::<PySet>() || value.is_instance_of::<PyFrozenSet>() {
        let items = value
            .try_iter()
            .map_err(|e| unwritable(&path.steps, e.to_string()))?;
        write_items(items.flatten(), out, path)?;
    } else {
        write_other(value, out, &path.steps)?;
    }
    Ok(())
}

fn write_items<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    out: &mut Vec<u8>,
    path: &mut Path<'py>,
) -> Result<(), Unwritable> {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        path.push(|| Step::Index(i));
        write_value(&item, out, path)?;
        path.pop();
    }
    out.push(b']');
    Ok(())
}

/// `Decimal`, `datetime` and `date`: written as strings; anything else is an error.
fn write_other(
    value: &Bound<'_, PyAny>,
    out: &mut Vec<u8>,
    path: &[Step<'_>],
) -> Result<(), Unwritable> {
    let py = value.py();
    let fail = |e: PyErr| unwritable(path, e.to_string());
    let text = if value
        .is_instance(decimal_class(py).map_err(fail)?)
        .map_err(fail)?
    {
        // Plain positional notation: Decimal("1E+2") is written "100", never "1E+2".
        value.call_method1("__format__", ("f",)).map_err(fail)?
    } else if value.is_instance_of::<PyDateTime>() || value.is_instance_of::<PyDate>() {
        value.call_method0("isoformat").map_err(fail)?
    } else {
        let type_name = value
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "value".to_owned());
        return Err(unwritable(
            path,
            format!("a {type_name} cannot be written as JSON"),
        ));
    };
    let text = text
        .cast_into::<PyString>()
        .map_err(|e| unwritable(path, e.to_string()))?;
    write_str(&py_str(&text, path)?, out);
    Ok(())
}

/// A dict key as JSON writes it: strings as they are, and like `json.dumps`, integers, floats,
/// booleans and `None` as their JSON text.
fn key_text(key: &Bound<'_, PyAny>, path: &[Step<'_>]) -> Result<String, Unwritable> {
    if let Ok(s) = key.cast::<PyString>() {
        return Ok(py_str(s, path)?.into_owned());
    }
    if key.is_none() {
        return Ok("null".to_owned());
    }
    if let Ok(b) = key.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if key.is_instance_of::<PyInt>() || key.is_instance_of::<PyFloat>() {
        let text = key.repr().map_err(|e| unwritable(path, e.to_string()))?;
        return Ok(py_str(&text, path)?.into_owned());
    }
    let repr = key
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    Err(unwritable(path, format!("key {repr} is not a string")))
}

// ---------------------------------------------------------------------------------------------
// Typed response → Python objects.

/// Python strings of the field and variant names (`&'static str` of the derived `Serialize`
/// impls), made once per process: dicts then share keys whose hashes are already computed.
struct Names(NameMap);

type NameMap = HashMap<(usize, usize), Py<PyString>, BuildHasherDefault<AddressHasher>>;

/// The names are keyed by the address and length of their `&'static str`, which are unique:
/// a multiply-and-fold hash is enough (SipHash would cost more than the lookup it guards).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

static NAMES: PyOnceLock<Mutex<Names>> = PyOnceLock::new();

/// A serde error while building Python objects.
#[derive(Debug)]
pub(crate) struct ToPyError(String);

impl Display for ToPyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ToPyError {}

impl ser::Error for ToPyError {
    fn custom<T: Display>(msg: T) -> Self {
        ToPyError(msg.to_string())
    }
}

impl From<PyErr> for ToPyError {
    fn from(e: PyErr) -> Self {
        ToPyError(e.to_string())
    }
}

/// A typed response as the Python objects `json.loads(serde_json::to_string(value),
/// parse_float=Decimal)` would give, built directly. With `top` (a `dict` subclass), the
/// outermost dict is made as an instance of it, with no copy.
pub(crate) fn to_python<'py, T: Serialize>(
    py: Python<'py>,
    value: &T,
    top: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let names = NAMES.get_or_init(py, || Mutex::new(Names(HashMap::default())));
    // Never wait for the cache while holding the GIL: if another thread has it (it could only
    // have let the GIL go inside Python code), this call makes its names afresh.
    let mut local = NameMap::default();
    let mut guard = names.try_lock().ok();
    let names = match guard.as_mut() {
        Some(cache) => &mut cache.0,
        None => &mut local,
    };
    value
        .serialize(ToPy {
            py,
            names,
            top: top.cloned(),
        })
        .map_err(|e| PyTypeError::new_err(format!("salesrules: response not convertible: {e}")))
}

struct ToPy<'a, 'py> {
    py: Python<'py>,
    names: &'a mut NameMap,
    /// The class of the outermost dict, taken by the first map.
    top: Option<Bound<'py, PyAny>>,
}

impl<'py> ToPy<'_, 'py> {
    fn name(&mut self, name: &'static str) -> Bound<'py, PyString> {
        let key = (name.as_ptr() as usize, name.len());
        let py = self.py;
        self.names
            .entry(key)
            .or_insert_with(|| PyString::intern(py, name).unbind())
            .bind(py)
            .clone()
    }

    fn again(&mut self) -> ToPy<'_, 'py> {
        ToPy {
            py: self.py,
            names: self.names,
            top: None,
        }
    }

    fn any<T: IntoPyObject<'py>>(&self, value: T) -> Result<Bound<'py, PyAny>, ToPyError> {
        value
            .into_bound_py_any(self.py)
            .map_err(|e| ToPyError(e.to_string()))
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, ToPyError>;

impl<'a, 'py> ser::Serializer for ToPy<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Variant<'py, Seq<'a, 'py>>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Variant<'py, Map<'a, 'py>>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.any(v)
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.any(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.any(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.any(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.any(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.any(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.any(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.any(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.any(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.any(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.any(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        if !v.is_finite() {
            // serde_json writes null for NaN and infinities.
            return Ok(self.py.None().into_bound(self.py));
        }
        // The text serde_json writes, read back as Decimal like json.loads(parse_float=Decimal).
        let text = serde_json::to_string(&v).map_err(|e| ToPyError(e.to_string()))?;
        Ok(decimal_class(self.py)?.call1((text,))?)
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.any(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        // serde_json writes bytes as a list of numbers.
        Ok(PyList::new(self.py, v)?.into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Out<'py> {
        Ok(self.name(variant).into_any())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let dict = PyDict::new(self.py);
        let key = self.name(variant);
        dict.set_item(key, value.serialize(self.again())?)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, ToPyError> {
        Ok(Seq {
            to: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, ToPyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, ToPyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, ToPyError> {
        let key = self.name(variant);
        Ok(Variant {
            key,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(mut self, _len: Option<usize>) -> Result<Map<'a, 'py>, ToPyError> {
        let dict = match self.top.take() {
            Some(class) => class
                .call0()?
                .cast_into::<PyDict>()
                .map_err(|e| ToPyError(e.to_string()))?,
            None => PyDict::new(self.py),
        };
        Ok(Map {
            dict,
            key: None,
            to: self,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map<'a, 'py>, ToPyError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, ToPyError> {
        let key = self.name(variant);
        Ok(Variant {
            key,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

pub(crate) struct Seq<'a, 'py> {
    to: ToPy<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        let item = value.serialize(self.to.again())?;
        self.items.push(item);
        Ok(())
    }
    fn list(self) -> Out<'py> {
        Ok(PyList::new(self.to.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.list()
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.list()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.list()
    }
}

pub(crate) struct Map<'a, 'py> {
    to: ToPy<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), ToPyError> {
        let key = key.serialize(MapKey)?;
        self.key = Some(PyString::new(self.to.py, &key).into_any());
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ToPyError("a map value without its key".to_owned()))?;
        self.dict.set_item(key, value.serialize(self.to.again())?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ToPyError> {
        let key = self.to.name(key);
        self.dict.set_item(key, value.serialize(self.to.again())?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        Ok(self.dict.into_any())
    }
}

/// `{variant: inner}` of tuple and struct variants.
pub(crate) struct Variant<'py, I> {
    key: Bound<'py, PyString>,
    inner: I,
}

impl<'a, 'py> ser::SerializeTupleVariant for Variant<'py, Seq<'a, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.inner.push(value)
    }
    fn end(self) -> Out<'py> {
        let py = self.key.py();
        let dict = PyDict::new(py);
        dict.set_item(self.key, self.inner.list()?)?;
        Ok(dict.into_any())
    }
}

impl<'a, 'py> ser::SerializeStructVariant for Variant<'py, Map<'a, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ToPyError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Out<'py> {
        let py = self.key.py();
        let dict = PyDict::new(py);
        dict.set_item(self.key, self.inner.dict)?;
        Ok(dict.into_any())
    }
}

/// Map keys as serde_json writes them: strings, and numbers, booleans and chars as text.
struct MapKey;

fn key_error() -> ToPyError {
    ToPyError("a map key must be a string, number, bool or char".to_owned())
}

impl ser::Serializer for MapKey {
    type Ok = String;
    type Error = ToPyError;
    type SerializeSeq = ser::Impossible<String, ToPyError>;
    type SerializeTuple = ser::Impossible<String, ToPyError>;
    type SerializeTupleStruct = ser::Impossible<String, ToPyError>;
    type SerializeTupleVariant = ser::Impossible<String, ToPyError>;
    type SerializeMap = ser::Impossible<String, ToPyError>;
    type SerializeStruct = ser::Impossible<String, ToPyError>;
    type SerializeStructVariant = ser::Impossible<String, ToPyError>;

    fn serialize_bool(self, v: bool) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<String, ToPyError> {
        serde_json::to_string(&v).map_err(|e| ToPyError(e.to_string()))
    }
    fn serialize_f64(self, v: f64) -> Result<String, ToPyError> {
        serde_json::to_string(&v).map_err(|e| ToPyError(e.to_string()))
    }
    fn serialize_char(self, v: char) -> Result<String, ToPyError> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, ToPyError> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, ToPyError> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<String, ToPyError> {
        Err(key_error())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<String, ToPyError> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<String, ToPyError> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, ToPyError> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, ToPyError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, ToPyError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, ToPyError> {
        Err(key_error())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, ToPyError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, ToPyError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, ToPyError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, ToPyError> {
        Err(key_error())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, ToPyError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, ToPyError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, ToPyError> {
        Err(key_error())
    }
}
