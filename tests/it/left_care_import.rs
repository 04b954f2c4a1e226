//! `import ssda903` again after a child has turned 18: a live plan an
//! earlier import opened (while they were 17) is closed as ceased on the
//! 18th birthday, said child by child in a dry run before anything is
//! saved and in the report, and audited; a plan the app gave its Legal
//! Gateway decision is left open and named, with what to do; the same
//! files a third time change nothing. Through the real binary.

use crate::util::{Case, stderr, stdout};
use serde_json::Value;
use std::path::PathBuf;

crate::util::setup_on_a_case!();

impl Setup {
    /// Two children born 10/06/2007 (18 on 10/06/2025), in care since
    /// 01/02/2020 and in long-term fostering (so a permanent-fostering
    /// plan) from 01/11/2020, the files leaving the period open.
    fn files(&self) -> PathBuf {
        let folder = self.dir.path().join("903");
        std::fs::create_dir_all(&folder).unwrap();
        let write = |name: &str, text: &str| std::fs::write(folder.join(name), text).unwrap();
        write(
            "Header.csv",
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n\
             900001,1,10/06/2007,WBRI,,,\n\
             900002,2,10/06/2007,WBRI,,,\n",
        );
        write(
            "Episodes.csv",
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
             900001,01/02/2020,S,C1,N1,U6,PR1,01/11/2020,X1,,,,\n\
             900001,01/11/2020,L,C2,N1,U4,PR1,,,,,,\n\
             900002,01/02/2020,S,C1,N1,U6,PR1,01/11/2020,X1,,,,\n\
             900002,01/11/2020,L,C2,N1,U4,PR1,,,,,,\n",
        );
        folder
    }

    /// `import ssda903` of the folder on `today`.
    fn import_on(&self, today: &str, folder: &std::path::Path, dry_run: bool) -> String {
        let mut args = vec!["import", "ssda903", folder.to_str().unwrap()];
        if dry_run {
            args.push("--dry-run");
        }
        let out = self
            .command()
            .env("PERMANENCE_TODAY", today)
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    }

    /// The child's live plans (the timeline's) as "pathway status".
    fn plans(&self, reference: &str) -> Vec<String> {
        let timeline: Value = serde_json::from_str(&self.ok(&["timeline", reference, "--json"])).unwrap();
        timeline["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p["pathway"].as_str().unwrap(),
                    p["status"].as_str().unwrap()
                )
            })
            .collect()
    }
}

#[test]
fn a_plan_an_earlier_import_opened_closes_at_18_and_the_apps_is_named() {
    let setup = Setup(Case::new("left-care.db"));
    setup.ok(&["init"]);
    let folder = setup.files();
    // Imported while they are 17: each gets a live permanent-fostering plan.
    let first = setup.import_on("2025-03-01", &folder, false);
    assert!(first.contains("2 plans created"), "{first}");
    assert_eq!(setup.plans("900001"), ["permanent-fostering active"]);
    // The social worker gives 900002's plan its Legal Gateway decision in the app.
    let out = setup
        .command()
        .env("PERMANENCE_TODAY", "2025-03-01")
        .args([
            "plan",
            "gateway",
            "900002",
            "permanent-fostering",
            "--on",
            "01/12/2020",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let audit_before = crate::util::audited_changes(&setup.ok(&["audit", "--json"]));

    // The same files on 06/12/2026, both 19: the dry run says it all and writes nothing.
    let dry = setup.import_on("2026-12-06", &folder, true);
    assert!(
        dry.lines().any(|l| l.starts_with("900001: primary plan permanent-fostering, opened by an earlier import, would be closed as ceased on 10/06/2025: they turned 18 on 10/06/2025")
            && l.contains("Children Act 1989, s.105(1)")),
        "{dry}"
    );
    assert!(
        dry.lines()
            .any(|l| l.starts_with(
                "900002: primary plan permanent-fostering is still open, though they turned 18 on 10/06/2025"
            ) && l.contains("permanence plan close 900002 permanent-fostering --outcome ceased")),
        "{dry}"
    );
    assert!(dry.lines().last().unwrap().contains("1 would be closed"), "{dry}");
    assert_eq!(
        setup.plans("900001"),
        ["permanent-fostering active"],
        "a dry run writes nothing"
    );
    assert_eq!(
        crate::util::audited_changes(&setup.ok(&["audit", "--json"])),
        audit_before
    );

    // The real import does what the dry run said, and says it again.
    let real = setup.import_on("2026-12-06", &folder, false);
    assert!(
        real.lines().any(|l| l.starts_with("900001: primary plan permanent-fostering, opened by an earlier import, closed as ceased on 10/06/2025")),
        "{real}"
    );
    assert!(
        real.lines()
            .any(|l| l.starts_with("900002: primary plan permanent-fostering is still open")),
        "{real}"
    );
    assert!(setup.plans("900001").is_empty(), "no live plan for 900001");
    assert_eq!(
        setup.plans("900002"),
        ["permanent-fostering active"],
        "the app's plan is left"
    );
    // Audited, with the day and the ending.
    let audit: Value = serde_json::from_str(&setup.ok(&["audit", "900001", "--json"])).unwrap();
    let closed: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "close" && e["entity"] == "plan")
        .collect();
    assert_eq!(closed.len(), 1, "{audit}");
    let after = closed[0]["after"].to_string();
    assert!(
        after.contains("2025-06-10") && after.contains("ceased"),
        "{after}"
    );

    // A third time: nothing to close, nothing written.
    let again = setup.import_on("2026-12-06", &folder, false);
    assert!(again.lines().last().unwrap().contains("0 closed"), "{again}");
    assert!(setup.plans("900001").is_empty());
}
