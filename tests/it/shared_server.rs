//! Runs tests/scripts/shared_server.sh: the README's shared-server set-up
//! with real accounts, through OpenSSH's own sshd on 127.0.0.1 (Debian's
//! defaults, UsePAM yes) and the app in a pseudo-terminal under tmux. It
//! needs root, sshd, ssh and tmux, which CI (`.ci/run` installs them) and
//! this project's machines have; elsewhere the test says why it cannot run
//! and fails, rather than passing without having checked anything.

#[test]
fn the_shared_server_set_up_works_through_sshd_keeps_workers_out_of_the_file_and_names_them() {
    // SAFETY: geteuid only reads the process's credentials.
    if unsafe { libc::geteuid() } != 0 {
        panic!("this test creates local accounts and must run as root (as CI does)");
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scripts/shared_server.sh");
    // The script runs the binary as root with the environment it is
    // given: none of the developer's PERMANENCE_* settings, as every run.
    let mut command = std::process::Command::new("bash");
    for name in crate::util::inherited_settings() {
        command.env_remove(name);
    }
    let out = command
        .env("PERMANENCE_CONFIG_DIR", crate::util::empty_config())
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_permanence"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("shared server set-up: ok"));
}
