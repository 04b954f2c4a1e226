//! Who must sign off a financial request (Leicestershire, Appendix D):
//! under £10,000 the Head of Service; £10,000 to £20,000 the Assistant
//! Director; over £20,000 the Director; over £10,000 the Departmental
//! Management Team (DMT) too; a contract, the duty solicitor.

use crate::domain::money::Pence;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    HeadOfService,
    AssistantDirector,
    Director,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::HeadOfService => "head-of-service",
            Level::AssistantDirector => "assistant-director",
            Level::Director => "director",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::HeadOfService => "Head of Service",
            Level::AssistantDirector => "Assistant Director",
            Level::Director => "Director",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub level: Level,
    pub dmt_required: bool,
    pub duty_solicitor: bool,
}

const TEN_THOUSAND: Pence = Pence(1_000_000);
const TWENTY_THOUSAND: Pence = Pence(2_000_000);

pub fn route(amount: Pence, contract: bool) -> Route {
    let level = if amount < TEN_THOUSAND {
        Level::HeadOfService
    } else if amount <= TWENTY_THOUSAND {
        Level::AssistantDirector
    } else {
        Level::Director
    };
    Route {
        level,
        dmt_required: amount > TEN_THOUSAND,
        duty_solicitor: contract,
    }
}

impl Route {
    /// The sign-offs the request needs, in order.
    pub fn steps(&self) -> Vec<&'static str> {
        let mut steps = vec![self.level.label()];
        if self.dmt_required {
            steps.push("Departmental Management Team (DMT)");
        }
        if self.duty_solicitor {
            steps.push("Duty solicitor (contract)");
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_at_its_boundaries() {
        let at = |pence: i64| route(Pence(pence), false);
        assert_eq!(at(999_999).level, Level::HeadOfService, "£9,999.99");
        assert!(!at(999_999).dmt_required);
        assert_eq!(at(1_000_000).level, Level::AssistantDirector, "£10,000.00");
        assert!(!at(1_000_000).dmt_required, "DMT is for over £10,000");
        assert!(at(1_000_001).dmt_required, "£10,000.01");
        assert_eq!(at(2_000_000).level, Level::AssistantDirector, "£20,000.00");
        assert_eq!(at(2_000_001).level, Level::Director, "£20,000.01");
        assert!(at(2_000_001).dmt_required);
        assert_eq!(at(0).level, Level::HeadOfService);
        assert!(route(Pence(50_000), true).duty_solicitor);
        assert_eq!(
            route(Pence(2_500_000), true).steps(),
            [
                "Director",
                "Departmental Management Team (DMT)",
                "Duty solicitor (contract)"
            ]
        );
    }
}
