//! Give the shared library an ELF soname, so an installed `libsalesrules.so` can be
//! versioned: `0.x` releases may break the ABI at each minor version, `1.x` and later only at
//! a major version.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "freebsd" || os == "netbsd" || os == "openbsd" {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_else(|_| "0".into());
        let abi = if major == "0" {
            format!("0.{minor}")
        } else {
            major
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsalesrules.so.{abi}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
