//! `gen_inventory LINES ENTITIES > file.csv`: a synthetic inventory for timing the command.

fn main() -> std::process::ExitCode {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (lines, entities) = (
        args.first().copied().unwrap_or(1_000_000),
        args.get(1).copied().unwrap_or(300),
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match empreinte_benches::write_inventory(&mut out, lines, entities) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_inventory: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
