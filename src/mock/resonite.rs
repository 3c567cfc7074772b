//! Mock Resonite OAuth server. (placeholder until the real module lands)
pub struct MockResoniteConfig {
    pub profiles: Vec<serde_json::Value>,
}
impl MockResoniteConfig {
    pub fn new(_a: String, _b: String, _c: String) -> Self {
        Self { profiles: vec![] }
    }
}
pub fn load_profiles(_p: &std::path::Path) -> anyhow::Result<Vec<serde_json::Value>> {
    Ok(vec![])
}
pub async fn run_cli(_a: std::net::SocketAddr, _c: MockResoniteConfig) -> anyhow::Result<()> {
    Ok(())
}
