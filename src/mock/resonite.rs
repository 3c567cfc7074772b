//! Mock Resonite OAuth server. See module docs once written.
