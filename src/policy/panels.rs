//! What a policy says of the panels that score its stages: the panel an applicant's stage is
//! scored by (its category's own, where the policy has categories), and every criterion a
//! stage's panels score, over the categories.

use rust_decimal::Decimal;

use super::{Panel, Policy};
use crate::diag::Text;

impl Policy {
    /// The panel of the stage `id` for an applicant of `category`: its category's own stage
    /// where the policy has categories, else the policy's.
    pub fn panel_for(&self, category: Option<usize>, id: &str) -> Option<&Panel> {
        let view = category
            .and_then(|k| self.categories.get(k))
            .map_or(self, |c| c.policy.as_ref());
        view.stage(id)?.panel.as_ref()
    }

    /// Every criterion the panels of stage `id` score, over the policy and its categories,
    /// each once (by id), in the order the policy gives them; empty when no panel scores it.
    pub fn stage_criteria(&self, id: &str) -> Vec<&(String, Text, Decimal)> {
        let mut sets: Vec<usize> = Vec::new();
        let views = std::iter::once(self).chain(self.categories.iter().map(|c| c.policy.as_ref()));
        for view in views {
            if let Some(p) = view.stage(id).and_then(|s| s.panel.as_ref()) {
                if !sets.contains(&p.criteria) {
                    sets.push(p.criteria);
                }
            }
        }
        let mut out: Vec<&(String, Text, Decimal)> = Vec::new();
        for k in sets {
            for item in self.criteria.get(k).into_iter().flat_map(|c| &c.items) {
                if !out.iter().any(|o| o.0 == item.0) {
                    out.push(item);
                }
            }
        }
        out
    }
}
