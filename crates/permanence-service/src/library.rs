//! The data loaded at start-up: pathways and bank-holiday changes. The
//! Warrington pathways and each region's bank-holiday changes are built into
//! the program (from `data/`); a local authority adds or replaces them
//! with files of its own in the configuration folder
//! (`~/.config/permanence/pathways/*.toml`, `.../holidays/*.toml`, and the
//! team short names in `teams.toml`), read
//! and checked every time the program starts, so no rebuild is needed.

use crate::domain::calendar::{Calendar, HolidayChange, Region};
use crate::domain::file_error::FileError;
use crate::domain::form::{self, FormDef};
use crate::domain::pathway::Pathway;
use crate::domain::{holidays_file, pathway_file};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The environment variable naming the configuration folder, for a
/// shared server's service account or a test. It never changes what each
/// role may do: those rules are kept in the database (`access::policy`).
pub const CONFIG_ENV: &str = "PERMANENCE_CONFIG_DIR";

const BUILT_IN_PATHWAYS: [(&str, &str); 7] = [
    (
        "adoption.toml",
        include_str!("../../../data/pathways/adoption.toml"),
    ),
    (
        "permanent-fostering.toml",
        include_str!("../../../data/pathways/permanent-fostering.toml"),
    ),
    (
        "reunification.toml",
        include_str!("../../../data/pathways/reunification.toml"),
    ),
    (
        "special-guardianship.toml",
        include_str!("../../../data/pathways/special-guardianship.toml"),
    ),
    (
        "adoption-tasks.toml",
        include_str!("../../../data/pathways/adoption-tasks.toml"),
    ),
    (
        "pre-proceedings.toml",
        include_str!("../../../data/pathways/pre-proceedings.toml"),
    ),
    (
        "supervision-order.toml",
        include_str!("../../../data/pathways/supervision-order.toml"),
    ),
];

const BUILT_IN_FORMS: [(&str, &str); 6] = [
    (
        "needs-assessment.toml",
        include_str!("../../../data/forms/needs-assessment.toml"),
    ),
    (
        "sgo-support-plan.toml",
        include_str!("../../../data/forms/sgo-support-plan.toml"),
    ),
    (
        "ppm-record.toml",
        include_str!("../../../data/forms/ppm-record.toml"),
    ),
    (
        "financial-request.toml",
        include_str!("../../../data/forms/financial-request.toml"),
    ),
    (
        "cpr-audit.toml",
        include_str!("../../../data/forms/cpr-audit.toml"),
    ),
    (
        "child-record.toml",
        include_str!("../../../data/forms/child-record.toml"),
    ),
];

/// Each region's one-off changes, named by the region's code.
const BUILT_IN_HOLIDAYS: [(Region, &str, &str); 3] = [
    (
        Region::EnglandAndWales,
        "england-and-wales.toml",
        include_str!("../../../data/holidays/england-and-wales.toml"),
    ),
    (
        Region::Scotland,
        "scotland.toml",
        include_str!("../../../data/holidays/scotland.toml"),
    ),
    (
        Region::NorthernIreland,
        "northern-ireland.toml",
        include_str!("../../../data/holidays/northern-ireland.toml"),
    ),
];

/// A loaded pathway and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedPathway {
    pub pathway: Pathway,
    /// "built in", or the file it was read from.
    pub origin: String,
}

#[derive(Debug, Clone)]
pub struct Library {
    pub pathways: Vec<LoadedPathway>,
    pub calendar: Calendar,
    /// The form kinds, built in or the authority's own.
    pub forms: Vec<FormDef>,
    /// The form that is the child's record itself (its behaviour is
    /// `child-record`): filled to add a child or edit the record, never
    /// filed, and so kept apart from `forms`.
    pub record: Option<FormDef>,
    /// Best-option guidance (Appendix 5), or the authority's own.
    pub guidance: crate::domain::guidance::Guidance,
    /// Names the pathway and holiday files and the timeline rules: stored
    /// timelines worked out with others are worked out again.
    pub timeline_fingerprint: String,
    /// The administrator's team short names (`teams.toml`), none if there
    /// is no such file.
    pub team_shorts: crate::domain::teams_file::TeamShorts,
}

const BUILT_IN_GUIDANCE: (&str, &str) = (
    "warrington-best-option.toml",
    include_str!("../../../data/guidance/warrington-best-option.toml"),
);

impl Library {
    /// The configuration folder: `$PERMANENCE_CONFIG_DIR`, else the
    /// user's (`~/.config/permanence` on Linux).
    pub fn config_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os(CONFIG_ENV).filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("", "", "permanence").map(|d| d.config_dir().to_path_buf())
    }

    /// Built-ins plus the files in `config_dir`, with the bank holidays
    /// of England and Wales.
    pub fn load(config_dir: Option<&Path>) -> Result<Library, Vec<FileError>> {
        Library::load_for(config_dir, Region::EnglandAndWales)
    }

    /// Built-ins plus the files in `config_dir`, with the bank holidays of
    /// `region`. Any file that is wrong refuses the whole load, with every
    /// problem in every file.
    pub fn load_for(config_dir: Option<&Path>, region: Region) -> Result<Library, Vec<FileError>> {
        let mut problems = Vec::new();
        let mut pathways: Vec<LoadedPathway> = Vec::new();
        let mut fingerprint = Sha256::new();
        fingerprint.update(crate::domain::timeline::RULES_VERSION.to_be_bytes());
        fingerprint.update(region.code().as_bytes());
        let mut fingerprinted = |name: &str, text: &str| {
            for part in [name, text] {
                fingerprint.update((part.len() as u64).to_be_bytes());
                fingerprint.update(part.as_bytes());
            }
        };
        for (file, text) in BUILT_IN_PATHWAYS {
            fingerprinted(file, text);
            match pathway_file::parse(file, text) {
                Ok(pathway) => pathways.push(LoadedPathway {
                    pathway,
                    origin: "built in".to_string(),
                }),
                Err(mut e) => problems.append(&mut e),
            }
        }
        let mut changes: Vec<HolidayChange> = Vec::new();
        for (_, file, text) in BUILT_IN_HOLIDAYS.iter().filter(|(r, _, _)| *r == region) {
            fingerprinted(file, text);
            match holidays_file::parse(file, text) {
                Ok(mut c) => changes.append(&mut c),
                Err(mut e) => problems.append(&mut e),
            }
        }
        if let Some(dir) = config_dir {
            for (path, text) in toml_files(&dir.join("pathways"), &mut problems) {
                let name = path.display().to_string();
                fingerprinted(&name, &text);
                match pathway_file::parse(&name, &text) {
                    Ok(pathway) => {
                        pathways.retain(|p| p.pathway.name != pathway.name);
                        pathways.push(LoadedPathway {
                            pathway,
                            origin: name,
                        });
                    }
                    Err(mut e) => problems.append(&mut e),
                }
            }
            for (path, text) in toml_files(&dir.join("holidays"), &mut problems) {
                fingerprinted(&path.display().to_string(), &text);
                match holidays_file::parse(&path.display().to_string(), &text) {
                    Ok(mut c) => changes.append(&mut c),
                    Err(mut e) => problems.append(&mut e),
                }
            }
        }
        // A breakdown by role (Appendix 7) names the pathway it belongs
        // to, whose items then show each role's part.
        let all: Vec<Pathway> = pathways.iter().map(|p| p.pathway.clone()).collect();
        for loaded in &mut pathways {
            if let Some(whole) = &loaded.pathway.breakdown_of
                && !all.iter().any(|p| &p.name == whole)
            {
                problems.push(FileError {
                    file: loaded.origin.clone(),
                    line: 0,
                    message: format!("breakdown_of: {whole:?} is not a loaded pathway"),
                });
            }
            crate::domain::pathway::take_roles(&mut loaded.pathway, &all);
        }
        let mut forms: Vec<FormDef> = Vec::new();
        for (file, text) in BUILT_IN_FORMS {
            match form::parse_file(file, text) {
                Ok(f) => forms.push(f),
                Err(mut e) => problems.append(&mut e),
            }
        }
        if let Some(dir) = config_dir {
            for (path, text) in toml_files(&dir.join("forms"), &mut problems) {
                match form::parse_file(&path.display().to_string(), &text) {
                    Ok(f) => {
                        let built_in = forms.iter().find(|existing| existing.kind == f.kind);
                        if let Some(Err(message)) = built_in.map(|b| form::behaviour::kept_by(b, &f)) {
                            problems.push(FileError {
                                file: path.display().to_string(),
                                line: 0,
                                message,
                            });
                            continue;
                        }
                        forms.retain(|existing| existing.kind != f.kind);
                        forms.push(f);
                    }
                    Err(mut e) => problems.append(&mut e),
                }
            }
        }
        // An authority's own guidance file (the first in guidance/, by
        // name) replaces the built-in one.
        let own_guidance = config_dir
            .map(|dir| toml_files(&dir.join("guidance"), &mut problems))
            .and_then(|files| files.into_iter().next());
        let guidance = match &own_guidance {
            Some((path, text)) => crate::domain::guidance::parse_file(&path.display().to_string(), text),
            None => crate::domain::guidance::parse_file(BUILT_IN_GUIDANCE.0, BUILT_IN_GUIDANCE.1),
        };
        let guidance = match guidance {
            Ok(g) => Some(g),
            Err(mut e) => {
                problems.append(&mut e);
                None
            }
        };
        let Some(guidance) = guidance else {
            return Err(problems);
        };
        let team_shorts = config_dir.map_or_else(Default::default, |dir| team_shorts(dir, &mut problems));
        if !problems.is_empty() {
            return Err(problems);
        }
        // The family-time assessment is built from the guidance's factors,
        // so an authority's own factors carry through to the form.
        if !forms.iter().any(|f| f.kind == crate::domain::family_time::KIND) {
            forms.push(crate::domain::family_time::form(
                &guidance.family_time,
                &guidance.source,
            ));
        }
        pathways.sort_by(|a, b| a.pathway.name.cmp(&b.pathway.name));
        // Known by its declared behaviour, never by its name.
        let record = forms
            .iter()
            .position(|f| f.record().is_some())
            .map(|at| forms.remove(at));
        Ok(Library {
            pathways,
            calendar: Calendar::for_region(region, &changes),
            forms,
            record,
            guidance,
            team_shorts,
            timeline_fingerprint: fingerprint
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
    }

    pub fn pathway(&self, name: &str) -> Option<&Pathway> {
        self.pathways.iter().map(|p| &p.pathway).find(|p| p.name == name)
    }

    pub fn form(&self, kind: &str) -> Option<&FormDef> {
        self.forms.iter().find(|f| f.kind == kind)
    }

    /// The pathways a child can be put on as a plan: not a breakdown of
    /// another pathway by role (Appendix 7), which is shown with that
    /// pathway's items and never makes a plan of its own.
    pub fn names(&self) -> Vec<&str> {
        self.pathways
            .iter()
            .filter(|p| p.pathway.breakdown_of.is_none())
            .map(|p| p.pathway.name.as_str())
            .collect()
    }
}

/// The user's own theme files (`themes/*.toml` in the configuration
/// folder), as file name and text, and any that could not be read.
pub fn own_themes() -> (Vec<(String, String)>, Vec<FileError>) {
    let mut problems = Vec::new();
    let files = Library::config_dir()
        .map(|dir| toml_files(&dir.join("themes"), &mut problems))
        .unwrap_or_default()
        .into_iter()
        .map(|(path, text)| (path.display().to_string(), text))
        .collect();
    (files, problems)
}

/// The `.toml` files of a folder, in name order; a folder that does not
/// exist has none.
/// The team short names in `dir/teams.toml`, if there is such a file;
/// its problems added to `problems`.
fn team_shorts(dir: &Path, problems: &mut Vec<FileError>) -> crate::domain::teams_file::TeamShorts {
    use crate::domain::teams_file;
    let path = dir.join(teams_file::FILE_NAME);
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Default::default(),
        Err(e) => {
            problems.push(FileError {
                file: name,
                line: 0,
                message: format!("cannot be read: {e}"),
            });
            return Default::default();
        }
    };
    teams_file::parse(&name, &text).unwrap_or_else(|mut e| {
        problems.append(&mut e);
        Default::default()
    })
}

fn toml_files(dir: &Path, problems: &mut Vec<FileError>) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| match std::fs::read_to_string(&path) {
            Ok(text) => Some((path, text)),
            Err(e) => {
                problems.push(FileError {
                    file: path.display().to_string(),
                    line: 0,
                    message: format!("cannot be read: {e}"),
                });
                None
            }
        })
        .collect()
}

/// Checks one pathway file on its own, as `permanence pathways check` does.
pub fn check_pathway(path: &Path) -> Result<Pathway, Vec<FileError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![FileError {
            file: path.display().to_string(),
            line: 0,
            message: format!("cannot be read: {e}"),
        }]
    })?;
    pathway_file::parse(&path.display().to_string(), &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The pathway files built into the program (the list the library
    /// loads, kept once) each read without a problem and hold items.
    #[test]
    fn every_shipped_pathway_loads() {
        for (file, text) in BUILT_IN_PATHWAYS {
            let pathway =
                crate::domain::pathway_file::parse(file, text).unwrap_or_else(|e| panic!("{file}: {e:?}"));
            assert!(!pathway.items.is_empty());
        }
    }

    #[test]
    fn each_region_loads_its_own_holidays_and_fingerprint() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let mut fingerprints = std::collections::BTreeSet::new();
        for region in Region::ALL {
            let library = Library::load_for(None, region).unwrap();
            assert_eq!(library.calendar.region(), region);
            // The one-off changes made for the whole kingdom are in each file.
            assert!(library.calendar.is_bank_holiday(day(2022, 9, 19)), "{region:?}");
            assert!(!library.calendar.is_bank_holiday(day(2022, 5, 30)), "{region:?}");
            fingerprints.insert(library.timeline_fingerprint);
        }
        assert_eq!(
            fingerprints.len(),
            3,
            "timelines stored for one region are not used for another"
        );
        let scotland = Library::load_for(None, Region::Scotland).unwrap();
        assert!(
            scotland.calendar.is_working_day(day(2026, 4, 6)),
            "no Easter Monday"
        );
        assert!(
            !scotland.calendar.is_working_day(day(2026, 11, 30)),
            "St Andrew's Day"
        );
        let default = Library::load(None).unwrap();
        assert_eq!(default.calendar.region(), Region::EnglandAndWales);
    }

    /// `teams.toml` in the configuration folder is read with the rest, and
    /// a mistake in it refuses the load with its file and line.
    #[test]
    fn team_short_names_are_read_from_the_configuration_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            Library::load(Some(dir.path()))
                .unwrap()
                .team_shorts
                .teams
                .is_empty()
        );
        let file = dir.path().join("teams.toml");
        std::fs::write(
            &file,
            "[[team]]\nname = \"Permanence and Kinship\"\nshort = \"Perm & Kin\"\n",
        )
        .unwrap();
        let library = Library::load(Some(dir.path())).unwrap();
        assert_eq!(
            library
                .team_shorts
                .by_name()
                .get("Permanence and Kinship")
                .map(String::as_str),
            Some("Perm & Kin")
        );
        std::fs::write(&file, "[[team]]\nname = \"North\"\nshort = \"Northern Team\"\n").unwrap();
        let problems: Vec<String> = Library::load(Some(dir.path()))
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [format!(
                "{}:3: short: \"Northern Team\" is 13 columns, longer than the 10 of the narrowest team column",
                file.display()
            )]
        );
    }
}
