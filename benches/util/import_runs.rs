//! `permanence import ssda903` (issue 20) at a whole authority and at
//! national scale: at each size (`PERMANENCE_BENCH_IMPORT_SIZES`, 3,000
//! and 100,000 children unless set; 1,000 for CI's check) a generated
//! authority's files (`ssda903::generate::write_authority`, seed 1, ten
//! years of history) are imported into a new database, then the same
//! files again (which must change nothing), then a dry run over the
//! imported database; each timed with its peak memory through the
//! launcher. The floor is `sqlite3` loading the same CSV files into a new
//! database (`.import --csv`): reading and storing the rows, and nothing
//! else. Budget at 100,000 children: under a minute, under 300 MB; a
//! whole authority's "in seconds" is taken as ten.

use crate::util::budget::{self, Timing};
use crate::util::databases::Setting;
use crate::util::launch::{Cores, Measured, Run, measure};
use crate::util::seconds;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The budget's size, seconds and MB (issue 20).
pub const BUDGET_SIZE: usize = 100_000;
const TIME_BUDGET: f64 = 60.0;
const MEMORY_BUDGET: f64 = 300.0;
/// A whole authority's (a few thousand children) "in seconds", seconds.
const AUTHORITY_TIME_BUDGET: f64 = 10.0;
/// The generated authority's seed.
const SEED: u64 = 1;
/// How long one import may take before it is stopped.
const LIMIT: Duration = Duration::from_secs(1800);

/// The sizes to measure: `PERMANENCE_BENCH_IMPORT_SIZES` (children,
/// separated by commas), or `default`.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("PERMANENCE_BENCH_IMPORT_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// One run of the binary with these arguments, timed.
fn timed(bin: &Path, setting: &Setting, args: &[&OsStr], out: &Path) -> Measured {
    measure(&Run {
        program: bin.as_os_str(),
        args,
        env: &setting.env(),
        cores: Cores::All,
        limit: LIMIT,
        out,
    })
}

/// The last line an import printed: its summary.
fn said(out: &Path) -> String {
    std::fs::read_to_string(out)
        .unwrap_or_default()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

/// The CSV files loaded into a new database by `sqlite3`, seconds; `None`
/// without `sqlite3`.
fn floor(folder: &Path, dir: &Path) -> Option<f64> {
    let db = dir.join("floor.db");
    let _ = std::fs::remove_file(&db);
    let mut script = String::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    for file in &files {
        let table = file.file_stem()?.to_string_lossy().to_lowercase();
        script.push_str(&format!(".import --csv '{}' \"{table}\"\n", file.display()));
    }
    let start = Instant::now();
    let mut child = std::process::Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .ok()?;
    {
        use std::io::Write;
        child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    }
    let ok = child.wait().ok()?.success();
    let took = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&db);
    ok.then_some(took)
}

fn timing(run: &Measured) -> Timing {
    if run.timed_out {
        Timing::Over(run.seconds())
    } else if run.code != 0 {
        Timing::Failed
    } else {
        Timing::Took(run.seconds())
    }
}

/// Every import run at one size, as the lines of its table; an error
/// where an import failed or the second changed something.
pub fn at_size(bin: &Path, dir: &Path, size: usize, check: bool) -> Result<Vec<String>, String> {
    let setting = Setting::new(dir);
    let folder = dir.join(format!("903-{size}"));
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    eprintln!("generating an authority of {size} children…");
    permanence::interchange::ssda903::generate::write_authority(&folder, SEED, size)
        .map_err(|e| format!("the authority's files could not be written: {e}"))?;
    let bytes: u64 = std::fs::read_dir(&folder)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    let db = dir.join(format!("import-{size}.db"));
    let _ = std::fs::remove_file(&db);
    let out = dir.join("import.out");
    let db_args: [OsString; 2] = ["--db".into(), db.clone().into()];
    let with = |rest: &[&OsStr]| -> Vec<OsString> {
        db_args
            .iter()
            .cloned()
            .chain(rest.iter().map(|a| a.to_os_string()))
            .collect()
    };
    let init = with(&["init".as_ref()]);
    let init: Vec<&OsStr> = init.iter().map(OsString::as_os_str).collect();
    let made = timed(bin, &setting, &init, &out);
    if made.code != 0 {
        return Err(format!("init failed: {}", made.stderr));
    }
    let import = with(&["import".as_ref(), "ssda903".as_ref(), folder.as_os_str()]);
    let import: Vec<&OsStr> = import.iter().map(OsString::as_os_str).collect();
    let mut dry = import.clone();
    dry.push("--dry-run".as_ref());
    eprintln!("importing {size} children…");
    let first = timed(bin, &setting, &import, &out);
    let first_said = said(&out);
    if first.code != 0 {
        return Err(format!("the first import failed: {}", first.stderr));
    }
    eprintln!("importing the same {size} children again…");
    let again = timed(bin, &setting, &import, &out);
    let again_said = said(&out);
    if again.code != 0 || !again_said.ends_with("nothing was changed") {
        return Err(format!(
            "the second import changed something or failed: {again_said} {}",
            again.stderr
        ));
    }
    eprintln!("a dry run over the {size} children…");
    let dry_run = timed(bin, &setting, &dry, &out);
    let floor = floor(&folder, dir);
    let _ = std::fs::remove_dir_all(&folder);
    let _ = std::fs::remove_file(&db);
    let mut lines = vec![format!(
        "{size} children, {:.1} MB of files; first import: {first_said}",
        bytes as f64 / 1e6
    )];
    lines.push(String::new());
    lines.push(budget::head(&format!("import ssda903, {size} children")));
    let (time_budget, memory_budget) = scaled(size);
    for (what, run) in [
        ("first import", &first),
        ("the same files again", &again),
        ("`--dry-run` over the import", &dry_run),
    ] {
        lines.push(budget::time_line(what, timing(run), time_budget));
        lines.push(budget::memory_line(
            &format!("{what}, peak"),
            Some(run.peak_mb()),
            memory_budget,
            run.timed_out,
        ));
    }
    lines.push(match floor {
        Some(s) => format!(
            "| floor: `sqlite3 .import` of the files | {} | | first import {:.0}× it |",
            seconds(s),
            first.seconds() / s
        ),
        None => "| floor: `sqlite3 .import` of the files | – | | sqlite3 not found |".to_string(),
    });
    if check && first.seconds() > time_budget * 10.0 {
        return Err(format!(
            "the first import of {size} children took {}: over ten times its budget",
            seconds(first.seconds())
        ));
    }
    Ok(lines)
}

/// The budget at `size` children: the national one from 100,000; below
/// it a whole authority's ("imports in seconds": ten of them), in the
/// national memory.
fn scaled(size: usize) -> (f64, f64) {
    if size >= BUDGET_SIZE {
        (TIME_BUDGET, MEMORY_BUDGET)
    } else {
        (AUTHORITY_TIME_BUDGET, MEMORY_BUDGET)
    }
}
