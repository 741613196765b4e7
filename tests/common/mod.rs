pub mod fixtures;
pub mod workload;
