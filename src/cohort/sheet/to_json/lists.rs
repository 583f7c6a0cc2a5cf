//! The records and history sheets: each row linked to its applicant by id, read by the
//! policy's record kinds and tiers.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::headers::{
    cells_without_header, data_rows, duplicated_headers, find, header_key, headers,
};
use super::Found;
use crate::cohort::sheet::cells::Cells;
use crate::cohort::sheet::grid::Sheet;
use crate::cohort::sheet::layout;
use crate::cohort::sheet::typed::{about, fix, typed};
use crate::diag::text;
use crate::policy::fields::FieldType;
use crate::policy::Policy;

/// Reading the records and history sheets, each row linked to its applicant by id.
pub(super) struct Lists<'a> {
    pub found: &'a mut Found,
    pub cells: &'a mut Cells,
    pub index: &'a HashMap<String, usize>,
}

impl Lists<'_> {
    /// The applicant a row belongs to, or a problem at its id cell.
    fn owner(&mut self, sheet: &Sheet, row: usize, id_col: Option<usize>) -> Option<usize> {
        let col = id_col?;
        let id = sheet.get(row, col).text();
        let owner = self.index.get(&id).copied();
        if owner.is_none() {
            self.found.bad(
                sheet.cell_name(row, col),
                text!(
                    format!("编号“{id}”不在申报组织表中"),
                    format!("the id \"{id}\" is not on the applicants sheet")
                ),
                text!(
                    "每行须填申报组织表中已有的编号。",
                    "each row takes an id from the applicants sheet"
                ),
            );
        }
        owner
    }

    /// A sheet without the column headed by `names`.
    fn need(&mut self, sheet: &Sheet, heads: &[String], names: &[&str]) -> Option<usize> {
        let col = find(heads, names);
        if col.is_none() {
            self.found.bad(
                sheet.cell_name(0, heads.len()),
                text!(
                    format!("{}表缺少“{}”列", sheet.name, names[0]),
                    format!(
                        "the sheet {} has no {} ({}) column",
                        sheet.name,
                        names[0],
                        names[names.len() - 1]
                    )
                ),
                text!("按模板补上该列。", "add the column as the template has it"),
            );
        }
        col
    }

    /// Each applicant's records, in the order of the sheet.
    pub(super) fn records(&mut self, sheet: &Sheet, policy: &Policy, n: usize) -> Vec<Vec<Value>> {
        let mut out = vec![Vec::new(); n];
        let heads = headers(sheet);
        duplicated_headers(sheet, &heads, header_key(&heads), self.found);
        cells_without_header(sheet, &heads, self.found);
        let id_col = self.need(sheet, &heads, layout::ID);
        let kind_col = self.need(sheet, &heads, layout::KIND);
        let date_col = find(&heads, layout::DATE);
        for (row, cells) in data_rows(sheet) {
            let Some(i) = self.owner(sheet, row, id_col) else {
                continue;
            };
            let Some(kc) = kind_col else { continue };
            let kind_text = sheet.get(row, kc).text();
            let Some(kind) = layout::record_kind(policy, &kind_text) else {
                let kinds: Vec<&str> = policy
                    .model
                    .records
                    .iter()
                    .map(|r| r.title.zh.as_str())
                    .collect();
                self.found.bad(
                    sheet.cell_name(row, kc),
                    text!(
                        format!("记录类别“{kind_text}”不是本规则版本规定的类别"),
                        format!("the record kind \"{kind_text}\" is not one the policy declares")
                    ),
                    text!(
                        format!("可填：{}", kinds.join("、")),
                        format!("one of: {}", kinds.join(", "))
                    ),
                );
                continue;
            };
            let j = out[i].len();
            let base = format!("/applicants/{i}/records/{j}");
            self.cells.insert(&base, sheet, row, kc);
            self.cells.insert(&format!("{base}/kind"), sheet, row, kc);
            let mut record = Map::new();
            record.insert("kind".into(), Value::String(kind.kind.clone()));
            for (col, cell) in cells {
                let col = *col as usize;
                if cell.is_empty()
                    || Some(col) == id_col
                    || Some(col) == kind_col
                    || col >= heads.len()
                {
                    continue;
                }
                let at = sheet.cell_name(row, col);
                let (key, ty) = if Some(col) == date_col {
                    ("date".to_owned(), FieldType::Date)
                } else if let Some(f) = layout::record_field(kind, &heads[col]) {
                    (f.path.clone(), f.ty.clone())
                } else {
                    self.found.bad(
                        at,
                        text!(
                            format!("“{}”类记录没有“{}”一项", kind.title.zh, heads[col]),
                            format!("records of kind {} have no \"{}\"", kind.kind, heads[col])
                        ),
                        text!(
                            "清空该单元格，或检查记录类别是否填错。",
                            "empty the cell, or check the record's kind"
                        ),
                    );
                    continue;
                };
                match typed(cell, &ty) {
                    Ok(v) => {
                        self.found
                            .read_as(|| sheet.cell_name(row, col), cell, &ty, &v);
                        let pointer = format!("{base}/{}", crate::pointer::escape(&key));
                        self.cells.insert(&pointer, sheet, row, col);
                        record.insert(key, v);
                    }
                    Err(why) => self.found.bad(at, about(&heads[col], &why), fix(&ty)),
                }
            }
            out[i].push(Value::Object(record));
        }
        out
    }

    /// Each applicant's earlier wins.
    pub(super) fn history(&mut self, sheet: &Sheet, policy: &Policy, n: usize) -> Vec<Vec<Value>> {
        let mut out = vec![Vec::new(); n];
        let heads = headers(sheet);
        duplicated_headers(sheet, &heads, header_key(&heads), self.found);
        cells_without_header(sheet, &heads, self.found);
        let id_col = self.need(sheet, &heads, layout::ID);
        let year_col = self.need(sheet, &heads, layout::YEAR);
        let tier_col = self.need(sheet, &heads, layout::TIER);
        let revoked_col = find(&heads, layout::REVOKED);
        let category_col = find(&heads, layout::CATEGORY);
        let tiers = layout::tiers(policy);
        for (row, _) in data_rows(sheet) {
            let Some(i) = self.owner(sheet, row, id_col) else {
                continue;
            };
            let (Some(yc), Some(tc)) = (year_col, tier_col) else {
                continue;
            };
            let j = out[i].len();
            let base = format!("/applicants/{i}/history/{j}");
            self.cells.insert(&base, sheet, row, yc);
            let mut win = Map::new();
            match typed(sheet.get(row, yc), &FieldType::Integer) {
                Ok(v) => {
                    win.insert("year".into(), v);
                    self.cells.insert(&format!("{base}/year"), sheet, row, yc);
                }
                Err(why) => self.found.bad(
                    sheet.cell_name(row, yc),
                    about("年度", &why),
                    fix(&FieldType::Integer),
                ),
            }
            let tier_text = sheet.get(row, tc).text();
            let tier = tiers
                .iter()
                .find(|(id, title)| *id == tier_text || *title == tier_text)
                .map_or(tier_text.clone(), |(id, _)| id.clone());
            win.insert("tier".into(), Value::String(tier));
            self.cells.insert(&format!("{base}/tier"), sheet, row, tc);
            if let Some(rc) = revoked_col.filter(|c| !sheet.get(row, *c).is_empty()) {
                match typed(sheet.get(row, rc), &FieldType::Bool) {
                    Ok(v) => {
                        win.insert("revoked".into(), v);
                        self.cells
                            .insert(&format!("{base}/revoked"), sheet, row, rc);
                    }
                    Err(why) => self.found.bad(
                        sheet.cell_name(row, rc),
                        about("已撤销", &why),
                        fix(&FieldType::Bool),
                    ),
                }
            }
            if let Some(cc) = category_col.filter(|c| !sheet.get(row, *c).is_empty()) {
                // By id or title, as on the applicants sheet; the cohort's reading checks it.
                let text = sheet.get(row, cc).text();
                let id = policy
                    .categories
                    .iter()
                    .find(|k| k.title.zh == text)
                    .map_or(text, |k| k.id.clone());
                win.insert("category".into(), Value::String(id));
                self.cells
                    .insert(&format!("{base}/category"), sheet, row, cc);
            }
            out[i].push(Value::Object(win));
        }
        out
    }
}
