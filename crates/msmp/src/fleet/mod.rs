//! Several servers at once: the overview's rows, a player looked up across servers, bulk
//! actions and their outcomes, and one list compared across servers. All of it reads
//! each server's [`ServerModel`](crate::model::ServerModel) (and its
//! [`Connection`](crate::link::Connection) for the link state); nothing here keeps state.

pub mod bulk;
pub mod compare;
pub mod entry;
pub mod lookup;
pub mod row;
