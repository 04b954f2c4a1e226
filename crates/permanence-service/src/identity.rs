//! Who is running the program: the operating-system account, read from
//! the system's user database rather than from `$USER`, which anyone can
//! set, and whether it owns a file (which is what lets it act for others).

use std::ffi::CStr;

/// The login name of the account this process runs as, or its numeric id
/// if the account has no name (as in some containers).
pub fn system_username() -> String {
    // SAFETY: getuid cannot fail. getpwuid_r writes only into the buffers
    // we pass, and `result` is either null or points at `entry`, whose
    // string fields point into `buffer`, which outlives their use here.
    unsafe {
        let uid = libc::getuid();
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut buffer = vec![0 as libc::c_char; 16 * 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let status = libc::getpwuid_r(uid, &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut result);
        if status == 0 && !result.is_null() && !entry.pw_name.is_null() {
            return CStr::from_ptr(entry.pw_name).to_string_lossy().into_owned();
        }
        format!("uid {uid}")
    }
}

/// The effective user id: whose permissions the process has.
pub fn effective_uid() -> u32 {
    // SAFETY: geteuid cannot fail and only reads the process's credentials.
    unsafe { libc::geteuid() }
}

/// Whether this process runs as the owner of `path`. Root is no exception:
/// it counts as the owner only of the files it owns.
pub fn owns(path: &std::path::Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    Ok(std::fs::metadata(path)?.uid() == effective_uid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_account_not_the_environment() {
        let name = system_username();
        assert!(!name.is_empty());
        // Whatever $USER claims, the answer comes from the uid.
        let uid = unsafe { libc::getuid() };
        if uid == 0 {
            assert_eq!(name, "root");
        }
    }
}
