//! Call one operation from the command line: `call OP [REQUEST.json]` (stdin when no file);
//! prints the response JSON, or the error as JSON on stderr with exit code 1.

use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_default();
    let mut request = String::new();
    let read = match args.next() {
        Some(path) => std::fs::read_to_string(path).map(|s| request = s),
        None => std::io::stdin().read_to_string(&mut request).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("cannot read the request: {e}");
        std::process::exit(2);
    }
    match salesrules::Engine::default().call(&op, &request) {
        Ok(response) => println!("{response}"),
        Err(e) => {
            eprintln!("{}", e.to_json());
            std::process::exit(1);
        }
    }
}
