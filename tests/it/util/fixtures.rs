//! The small caseloads many tests start from, as the CSV files a user
//! imports (`permanence import children|plans`), written once.

/// Amara (A1), looked after since 19/08/2026 on a care order: the child
/// the events tests mark done, correct and withdraw.
pub const AMARA_IN_CARE: &str = "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
                                 A1,Amara,Okafor,2022-03-01,co,2026-08-19\n";

/// Amara's permanent fostering plan, started (with its Gateway) on
/// 14/10/2026.
pub const AMARA_FOSTERING: &str =
    "ref,pathway,role,start,stage\nA1,permanent-fostering,primary,14/10/2026,looked-after\n";

/// Amara (A1) on an interim care order, looked after since 19/12/2024.
pub const AMARA_ICO: &str = "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
                             A1,Amara,Okafor,2022-03-01,ico,2024-12-19\n";

/// Amara's adoption plan in proceedings from 06/01/2025.
pub const AMARA_ADOPTION: &str = "ref,pathway,role,start,stage\nA1,adoption,primary,06/01/2025,proceedings\n";
