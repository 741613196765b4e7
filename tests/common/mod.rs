pub mod workload;
pub mod fixtures;
