//! Prints one `attribute` request with N touches (default 10) from the benchmark generator.

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    println!("{}", salesrules_benches::request(n, 3));
}
