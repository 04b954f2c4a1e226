//! Who must sign off a financial request, as Leicestershire's SGO guidance
//! ("Principles of Financial Support" and Appendix D) says:
//! - an SGO allowance's needs-led assessment "is then submitted to the Head
//!   of Service and then Assistant Director for a final decision", and
//!   Appendix D adds "Over £20,000 to be signed off by Director";
//! - a grant or loan goes, by its amount, "to the Head of Service for
//!   requests under £10,000, the Assistant Director for requests between
//!   £10,000 - £20,000 and Director for requests over £20,000", and
//!   "Requests for amounts over £10,000 are submitted to DMT for approval";
//! - where a contract is required, the duty solicitor draws it up.
//!
//! The order and the amounts are the rule and live here; who records each
//! step is the permissions file's (`[[step]]` rows for the route
//! [`ROUTE`]), so that an authority can name its own people without a
//! new build.

use crate::money::Pence;

/// The route's name in the permissions file, as the forms' behaviour is.
pub const ROUTE: &str = "financial-approval";
/// The step recorded when the Departmental Management Team approves.
pub const DMT: &str = "dmt";
/// The step recorded when the duty solicitor's contract is drawn up.
pub const DUTY_SOLICITOR: &str = "duty-solicitor";

/// Every step a financial request's route may have, by code: the levels,
/// then DMT and the duty solicitor's contract.
pub fn step_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Level::ALL.iter().map(|l| l.code()).collect();
    codes.extend([DMT, DUTY_SOLICITOR]);
    codes
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    HeadOfService,
    AssistantDirector,
    Director,
}

crate::coded::coded! {
    Level, custom;
    HeadOfService => "head-of-service", "Head of Service";
    AssistantDirector => "assistant-director", "Assistant Director";
    Director => "director", "Director";
}

/// What is asked for: the guidance routes an allowance differently from a
/// grant or loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// An SGO allowance, from the needs-led assessment (Appendix C).
    Allowance,
    /// A grant or loan ("eg building works/ car purchase"), heard at
    /// Permanence Panel.
    GrantOrLoan,
}

impl Request {
    /// The request types' codes, as a form's `request_type` options are.
    pub const CODES: [&str; 3] = ["allowance", "grant", "loan"];

    /// The financial request form's `request_type` choice.
    pub fn parse(text: &str) -> Option<Request> {
        match text {
            "allowance" => Some(Request::Allowance),
            "grant" | "loan" => Some(Request::GrantOrLoan),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The levels that sign off, in order; the last makes the final decision.
    pub levels: Vec<Level>,
    pub dmt_required: bool,
    pub duty_solicitor: bool,
}

const TEN_THOUSAND: Pence = Pence(1_000_000);
const TWENTY_THOUSAND: Pence = Pence(2_000_000);

pub fn route(request: Request, amount: Pence, contract: bool) -> Route {
    let (levels, dmt_required) = match request {
        // "submitted to the Head of Service and then Assistant Director for
        // a final decision"; Appendix D, which is the sign-off for an "SGO
        // allowance" as for a grant or loan: "Over £20,000 to be signed off
        // by Director". The DMT sentence is in the grant/loan paragraph
        // only, so it is not applied to allowances.
        Request::Allowance if amount > TWENTY_THOUSAND => (
            vec![Level::HeadOfService, Level::AssistantDirector, Level::Director],
            false,
        ),
        Request::Allowance => (vec![Level::HeadOfService, Level::AssistantDirector], false),
        // "under £10,000", "between £10,000 - £20,000", "over £20,000":
        // £10,000 and £20,000 themselves are the Assistant Director's.
        Request::GrantOrLoan => {
            let level = if amount < TEN_THOUSAND {
                Level::HeadOfService
            } else if amount <= TWENTY_THOUSAND {
                Level::AssistantDirector
            } else {
                Level::Director
            };
            (vec![level], amount > TEN_THOUSAND)
        }
    };
    Route {
        levels,
        dmt_required,
        duty_solicitor: contract,
    }
}

impl Route {
    /// Who makes the final decision.
    pub fn level(&self) -> Level {
        self.levels.last().copied().unwrap_or(Level::HeadOfService)
    }

    /// The sign-offs the request needs, in order; where more than one
    /// level signs, the last is named as making the final decision, as
    /// the guidance says of an allowance.
    pub fn steps(&self) -> Vec<&'static str> {
        let last = self.levels.len().saturating_sub(1);
        let mut steps: Vec<&'static str> = self
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| match (i == last && last > 0, l) {
                (true, Level::AssistantDirector) => "Assistant Director (final decision)",
                (true, Level::Director) => "Director (final decision)",
                _ => l.label(),
            })
            .collect();
        if self.dmt_required {
            steps.push("Departmental Management Team (DMT)");
        }
        if self.duty_solicitor {
            steps.push("Duty solicitor (contract)");
        }
        steps
    }

    /// The level that must sign before `level` may, if any: an allowance
    /// goes to the Head of Service "and then" the Assistant Director.
    pub fn before(&self, level: Level) -> Option<Level> {
        let at = self.levels.iter().position(|l| *l == level)?;
        at.checked_sub(1).and_then(|i| self.levels.get(i).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_or_loan_goes_by_its_amount_at_the_boundaries() {
        let at = |pence: i64| route(Request::GrantOrLoan, Pence(pence), false);
        assert_eq!(at(999_999).level(), Level::HeadOfService, "£9,999.99");
        assert!(!at(999_999).dmt_required);
        assert_eq!(at(1_000_000).level(), Level::AssistantDirector, "£10,000.00");
        assert!(!at(1_000_000).dmt_required, "DMT is for over £10,000");
        assert!(at(1_000_001).dmt_required, "£10,000.01");
        assert_eq!(at(2_000_000).level(), Level::AssistantDirector, "£20,000.00");
        assert_eq!(at(2_000_001).level(), Level::Director, "£20,000.01");
        assert!(at(2_000_001).dmt_required);
        assert_eq!(at(0).levels, [Level::HeadOfService]);
        assert!(route(Request::GrantOrLoan, Pence(50_000), true).duty_solicitor);
        assert_eq!(
            route(Request::GrantOrLoan, Pence(2_500_000), true).steps(),
            [
                "Director",
                "Departmental Management Team (DMT)",
                "Duty solicitor (contract)"
            ]
        );
    }

    #[test]
    fn an_allowance_goes_to_the_head_of_service_and_then_the_assistant_director() {
        let at = |pence: i64| route(Request::Allowance, Pence(pence), false);
        for pence in [0, 500_000, 999_999, 1_000_001, 2_000_000] {
            assert_eq!(
                at(pence).levels,
                [Level::HeadOfService, Level::AssistantDirector],
                "{pence}p"
            );
            assert!(!at(pence).dmt_required, "{pence}p");
        }
        assert_eq!(
            at(500_000).level(),
            Level::AssistantDirector,
            "the final decision"
        );
        assert_eq!(
            at(2_000_001).levels,
            [Level::HeadOfService, Level::AssistantDirector, Level::Director]
        );
        assert_eq!(
            at(500_000).before(Level::AssistantDirector),
            Some(Level::HeadOfService)
        );
        assert_eq!(at(500_000).before(Level::HeadOfService), None);
        assert_eq!(
            at(500_000).steps(),
            ["Head of Service", "Assistant Director (final decision)"]
        );
        assert_eq!(at(500_000).before(Level::Director), None);
    }

    #[test]
    fn every_step_of_the_route_has_a_code() {
        assert_eq!(
            step_codes(),
            [
                "head-of-service",
                "assistant-director",
                "director",
                "dmt",
                "duty-solicitor"
            ]
        );
    }

    #[test]
    fn request_types_are_the_forms_choices() {
        assert_eq!(Request::parse("allowance"), Some(Request::Allowance));
        assert_eq!(Request::parse("grant"), Some(Request::GrantOrLoan));
        assert_eq!(Request::parse("loan"), Some(Request::GrantOrLoan));
        assert_eq!(Request::parse("gift"), None);
    }
}
