//! Structure-aware fuzzing of `Engine::call` (issue 10, part 1): `arbitrary` picks a golden
//! request (every operation is represented) and a list of mutations of its JSON tree — replace a
//! node with a hostile leaf, remove it, duplicate it, wrap it in an array or an object, nest it
//! deeply. Raw-byte fuzzing (`engine_call`) rarely gets past the JSON parser into an operation's
//! own checks; these inputs are well-formed JSON and mostly well-typed, so they reach them.
//! Every answer must be JSON or an error with a stable code, never `internal_error`, never a panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use salesrules::Engine;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::OnceLock;

/// A hostile replacement value.
#[derive(Arbitrary, Debug)]
enum Leaf {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// A money-like decimal string with many digits.
    Digits(u8, u64),
    /// A long string of one character.
    Long(char, u16),
    EmptyArray,
    EmptyObject,
}

/// One change of the request tree; `at` indexes the nodes in pre-order (modulo their count).
#[derive(Arbitrary, Debug)]
enum Mutation {
    Replace { at: u16, with: Leaf },
    Remove { at: u16 },
    Duplicate { at: u16 },
    WrapInArray { at: u16 },
    WrapInObject { at: u16, key: String },
    Nest { at: u16, depth: u8 },
    CopyOnto { from: u16, to: u16 },
}

#[derive(Arbitrary, Debug)]
struct Input {
    case: u16,
    mutations: Vec<Mutation>,
}

/// (operation, request) of every golden case under the default policy.
fn cases() -> &'static Vec<(String, Value)> {
    static CASES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut out = Vec::new();
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                if p.is_dir() {
                    dirs.push(p);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&p) else { continue };
                let Ok(case) = serde_json::from_str::<Value>(&text) else { continue };
                if case.get("policy").is_some() {
                    continue;
                }
                if let (Some(op), Some(req)) = (case["op"].as_str(), case.get("request")) {
                    out.push((op.to_string(), req.clone()));
                }
            }
        }
        out
    })
}

fn leaf(l: &Leaf) -> Value {
    match l {
        Leaf::Null => Value::Null,
        Leaf::Bool(b) => Value::Bool(*b),
        Leaf::Int(i) => Value::from(*i),
        Leaf::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Leaf::Text(s) => Value::String(s.clone()),
        Leaf::Digits(scale, n) => {
            let digits = format!("{n}{n}{n}");
            let cut = digits.len().saturating_sub(usize::from(*scale % 30));
            Value::String(format!("{}.{}", &digits[..cut], &digits[cut..]))
        }
        Leaf::Long(c, n) => Value::String(std::iter::repeat(*c).take(usize::from(*n)).collect()),
        Leaf::EmptyArray => Value::Array(Vec::new()),
        Leaf::EmptyObject => Value::Object(Map::new()),
    }
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// Apply `f` to the node at pre-order index `i` (once).
fn visit<F: FnOnce(&mut Value)>(v: &mut Value, i: &mut usize, f: &mut Option<F>) {
    if f.is_none() {
        return;
    }
    if *i == 0 {
        if let Some(f) = f.take() {
            f(v);
        }
        return;
    }
    *i -= 1;
    match v {
        Value::Array(a) => a.iter_mut().for_each(|c| visit(c, i, f)),
        Value::Object(o) => o.values_mut().for_each(|c| visit(c, i, f)),
        _ => {}
    }
}

fn with_node(root: &mut Value, at: u16, f: impl FnOnce(&mut Value)) {
    let mut i = usize::from(at) % count(root);
    visit(root, &mut i, &mut Some(f));
}

fn get(root: &mut Value, at: u16) -> Value {
    let mut out = Value::Null;
    with_node(root, at, |n| out = n.clone());
    out
}

fn apply(root: &mut Value, m: &Mutation) {
    match m {
        Mutation::Replace { at, with } => with_node(root, *at, |n| *n = leaf(with)),
        Mutation::Remove { at } => with_node(root, *at, |n| match n {
            Value::Object(o) => {
                let k = o.keys().nth(usize::from(*at) % o.len().max(1)).cloned();
                if let Some(k) = k {
                    o.remove(&k);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                a.remove(usize::from(*at) % a.len());
            }
            _ => *n = Value::Null,
        }),
        Mutation::Duplicate { at } => with_node(root, *at, |n| {
            if let Value::Array(a) = n {
                if let Some(first) = a.first().cloned() {
                    if a.len() < 4096 {
                        a.extend(std::iter::repeat(first).take(a.len().max(1)));
                    }
                }
            }
        }),
        Mutation::WrapInArray { at } => with_node(root, *at, |n| *n = Value::Array(vec![n.take()])),
        Mutation::WrapInObject { at, key } => with_node(root, *at, |n| {
            let mut o = Map::new();
            o.insert(key.clone(), n.take());
            *n = Value::Object(o);
        }),
        Mutation::Nest { at, depth } => with_node(root, *at, |n| {
            for _ in 0..*depth {
                *n = Value::Array(vec![n.take()]);
            }
        }),
        Mutation::CopyOnto { from, to } => {
            let v = get(root, *from);
            with_node(root, *to, |n| *n = v);
        }
    }
}

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|input: Input| {
    let cases = cases();
    let Some((op, request)) = cases.get(usize::from(input.case) % cases.len().max(1)) else {
        return;
    };
    let mut request = request.clone();
    for m in input.mutations.iter().take(16) {
        apply(&mut request, m);
    }
    let engine = ENGINE.get_or_init(Engine::default);
    match engine.call(op, &request.to_string()) {
        Ok(response) => {
            let parsed = serde_json::from_str::<Value>(&response);
            assert!(parsed.is_ok(), "{op}: the response is not JSON: {response}");
        }
        Err(e) => assert_ne!(e.code(), "internal_error", "{op}: {e}"),
    }
});
