//! Running a program as the benchmarks time it: through a small launcher
//! process (this benchmark's own binary, started again with [`LAUNCH`])
//! that starts the program with its output to a file, waits for it with
//! `wait4` and prints the wall-clock time, the peak resident memory
//! (`ru_maxrss`) and the exit code; a program still running after its
//! time limit is killed there and reported as over it. Optionally pinned
//! to one core with `taskset -c 0` (util-linux).
//!
//! Why a launcher and not `wait4` in the benchmark itself: Linux folds the
//! forking process's own peak into the child's `ru_maxrss` when the child
//! calls exec, so a child started by a benchmark holding many parsed rows
//! would report at least the benchmark's peak. The launcher is started
//! fresh and small, so what it reads is the child's. (`taskset` execs the
//! program in the same process, so its peak is the program's too.)

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The first argument that makes a benchmark's binary the launcher.
pub const LAUNCH: &str = "--measure-child";

/// On how many cores a program runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    /// Wherever the scheduler puts it.
    All,
    /// Pinned to the first core (`taskset -c 0`): a shared server under
    /// load, or an old laptop.
    One,
}

impl Cores {
    pub fn label(self) -> &'static str {
        match self {
            Cores::All => "all cores",
            Cores::One => "one core",
        }
    }

    /// The program and arguments that run `program args` on these cores.
    pub fn wrap(self, program: &OsStr, args: &[&OsStr]) -> (OsString, Vec<OsString>) {
        let args = args.iter().map(|a| a.to_os_string());
        match self {
            Cores::All => (program.to_os_string(), args.collect()),
            Cores::One => (
                "taskset".into(),
                ["-c".into(), "0".into(), program.to_os_string()]
                    .into_iter()
                    .chain(args)
                    .collect(),
            ),
        }
    }
}

/// The modes to measure in: all cores, and one core where `taskset` is
/// installed; with what to print about it.
pub fn core_modes() -> (Vec<Cores>, String) {
    let found = Command::new("taskset")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match found {
        Some(version) => (
            vec![Cores::All, Cores::One],
            format!("One core: `taskset -c 0` ({version})."),
        ),
        None => (
            vec![Cores::All],
            "One core: left out, `taskset` (util-linux) is not installed.".to_string(),
        ),
    }
}

/// One run of a program.
pub struct Measured {
    pub wall: Duration,
    pub peak_kb: u64,
    pub code: i32,
    pub stderr: String,
    /// Killed at its time limit: `wall` is the limit, not its time.
    pub timed_out: bool,
}

impl Measured {
    pub fn peak_mb(&self) -> f64 {
        self.peak_kb as f64 / 1024.0
    }

    pub fn seconds(&self) -> f64 {
        self.wall.as_secs_f64()
    }
}

/// Becomes the launcher if this process was started as one (call first
/// thing in `main`).
pub fn intercept() {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.first().is_some_and(|a| a == LAUNCH) {
        launcher(&args[1..]);
    }
}

/// Launcher mode: `BENCH --measure-child LIMIT_MS OUT PROGRAM ARGS...`
/// runs PROGRAM with its output to the file OUT, waits for it with `wait4`
/// (killing it after LIMIT_MS) and prints the wall-clock time (ns),
/// `ru_maxrss` (KB), the exit code and whether it was killed at the limit.
fn launcher(args: &[OsString]) -> ! {
    let [limit, out, program, rest @ ..] = args else {
        eprintln!("usage: {LAUNCH} LIMIT_MS OUT PROGRAM [ARGS...]");
        std::process::exit(2);
    };
    let limit: u64 = limit.to_string_lossy().parse().expect("a time limit in ms");
    let stdout = std::fs::File::create(out).expect("the output file can be made");
    let start = Instant::now();
    let child = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(stdout)
        .spawn()
        .expect("the program starts");
    let pid = child.id() as libc::pid_t;
    // The watchdog: this process exits as soon as the child is reaped, so
    // it cannot outlive the child and kill another process by its pid.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(limit));
        // SAFETY: signalling our own child, not yet reaped (we exit first).
        unsafe { libc::kill(pid, libc::SIGKILL) };
    });
    let (status, usage) = reap(child);
    let wall = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    let killed = libc::WIFSIGNALED(status)
        && libc::WTERMSIG(status) == libc::SIGKILL
        && wall >= Duration::from_millis(limit);
    println!(
        "{} {} {code} {}",
        wall.as_nanos(),
        usage.ru_maxrss,
        u8::from(killed)
    );
    std::process::exit(0);
}

/// Waits for the child with `wait4`, for its resource usage; the child is
/// reaped here, so std's own wait is not used on it afterwards.
fn reap(child: std::process::Child) -> (libc::c_int, libc::rusage) {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain integers, for which all zeroes is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: our own child's pid, and pointers to live locals.
        let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if got == pid {
            return (status, usage);
        }
        let error = std::io::Error::last_os_error();
        assert_eq!(error.kind(), std::io::ErrorKind::Interrupted, "wait4: {error}");
    }
}

/// Clears every `PERMANENCE_*` variable of the developer's shell (the
/// database, key file, today, theme), so a run measures the same thing
/// whoever starts it.
pub fn without_settings(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PERMANENCE_") {
            command.env_remove(name);
        }
    }
}

/// How one program is to be run: what, with which arguments and
/// environment, on which cores, for at most how long, output where.
pub struct Run<'a> {
    pub program: &'a OsStr,
    pub args: &'a [&'a OsStr],
    pub env: &'a [(&'a str, &'a OsStr)],
    pub cores: Cores,
    pub limit: Duration,
    pub out: &'a Path,
}

/// Runs the program through the launcher.
pub fn measure(run: &Run) -> Measured {
    let me = std::env::current_exe().expect("the benchmark knows where it is");
    let mut launcher = Command::new(me);
    without_settings(&mut launcher);
    let (program, args) = run.cores.wrap(run.program, run.args);
    let output = launcher
        .arg(LAUNCH)
        .arg(run.limit.as_millis().to_string())
        .arg(run.out)
        .arg(program)
        .args(args)
        .envs(run.env.iter().copied())
        .output()
        .expect("the launcher runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<u128> = text.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let [nanos, kb, code, killed] = fields[..] else {
        panic!(
            "the launcher said {text:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    Measured {
        wall: Duration::from_nanos(nanos as u64),
        peak_kb: kb as u64,
        code: code as i32,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        timed_out: killed == 1,
    }
}
