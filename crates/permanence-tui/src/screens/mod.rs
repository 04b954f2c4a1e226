//! The screens, each a [`Component`](crate::component::Component) in
//! a folder of its own holding its state, what its keys do and how it is
//! drawn, so that a change to one screen stays in its folder (and the
//! key map, where its keys are bound).

pub mod best_option;
pub mod caseload;
pub mod child;
pub mod dashboard;
pub mod meeting;
pub mod what_next;
