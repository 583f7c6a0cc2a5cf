//! The data a policy declares (`[fields."dotted.path"]`, `[records.KIND]`) and what a rule
//! reads: a declared field, a field of a record, or one of the few keys the engine itself
//! knows (`id`, `name`, `cycle.year`, `cycle.application_deadline`, `scores.<stage>`,
//! `records`). Rust names no award's fields; the policy does.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::Citation;
use crate::date::Date;
use crate::diag::Text;

/// The type of a field or parameter value, for checking comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// true or false.
    Bool,
    /// A whole number.
    Int,
    /// An exact decimal.
    Decimal,
    /// A calendar date.
    Date,
    /// Text, or one of an enumeration's values.
    Text,
    /// `"YYYY"` → decimal.
    YearMap,
}

impl Kind {
    /// The kind's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bool => "boolean",
            Kind::Int => "integer",
            Kind::Decimal => "decimal",
            Kind::Date => "date",
            Kind::Text => "string",
            Kind::YearMap => "year → decimal map",
        }
    }

    /// Integers and decimals compare with each other.
    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Int | Kind::Decimal)
    }
}

/// The values an enumeration allows, the text staff would type for each, and whether their
/// order means something (`<`, `>` compare by position).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// The values, in order.
    pub values: Vec<String>,
    /// For each value, the text staff would type instead (e.g. `法人`), if any.
    pub labels: Vec<Option<String>>,
    /// Whether `<`, `<=`, `>`, `>=` compare by position in `values`.
    pub ordered: bool,
}

impl Choices {
    /// The position of a value, or of the value a label stands for.
    pub fn position(&self, text: &str) -> Option<usize> {
        self.values
            .iter()
            .position(|v| v == text)
            .or_else(|| self.labels.iter().position(|l| l.as_deref() == Some(text)))
    }
}

/// A declared field's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// true or false.
    Bool,
    /// A whole number.
    Integer,
    /// An exact decimal (a JSON number or a string such as `"812.5"`).
    Decimal,
    /// A date `YYYY-MM-DD`.
    Date,
    /// Free text.
    Text,
    /// One of a list of values.
    Enum(Arc<Choices>),
    /// An object `"YYYY"` → decimal.
    DecimalByYear,
}

impl FieldType {
    /// The type's name as a policy writes it.
    pub fn name(&self) -> &'static str {
        match self {
            FieldType::Bool => "bool",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Date => "date",
            FieldType::Text => "text",
            FieldType::Enum(_) => "enum",
            FieldType::DecimalByYear => "decimal_by_year",
        }
    }

    /// The kind of value rules compare.
    pub fn kind(&self) -> Kind {
        match self {
            FieldType::Bool => Kind::Bool,
            FieldType::Integer => Kind::Int,
            FieldType::Decimal => Kind::Decimal,
            FieldType::Date => Kind::Date,
            FieldType::Text | FieldType::Enum(_) => Kind::Text,
            FieldType::DecimalByYear => Kind::YearMap,
        }
    }

    /// The enumeration's choices, for an enum.
    #[inline]
    pub fn choices(&self) -> Option<&Choices> {
        match self {
            FieldType::Enum(c) => Some(c),
            _ => None,
        }
    }
}

/// A field the policy declares, of applicants or of a record kind.
#[derive(Clone, Debug)]
pub struct FieldDecl {
    /// The dotted path into the applicant (or the record's key).
    pub path: String,
    /// Its type.
    pub ty: FieldType,
    /// What it is, in both languages.
    pub title: Text,
    /// A longer explanation for the clerk filling in a cohort.
    pub description: Option<Text>,
    /// The unit of a number (e.g. `元`, `%`).
    pub unit: Option<String>,
    /// How a reason says a yes/no field when it is 否 (未承诺…), if the policy says.
    pub when_no: Option<Text>,
    /// An integer that is a place in a ranking (1 the first): said 第5位.
    pub place: bool,
    /// The smallest value a number may take.
    pub min: Option<Decimal>,
    /// The largest value a number may take.
    pub max: Option<Decimal>,
    /// The article that needs it.
    pub cite: Option<Citation>,
    /// A record of its kind must carry it (record fields only).
    pub required: bool,
    /// The categories (ids) whose applicants give it; `None`: every one.
    pub categories: Option<Vec<String>>,
}

impl FieldDecl {
    /// Whether an applicant of the category `id` gives it (`None`: no category, or none given).
    pub fn for_category(&self, id: Option<&str>) -> bool {
        applies(&self.categories, id)
    }
}

/// Whether a declaration limited to `categories` applies to the category `id`.
fn applies(categories: &Option<Vec<String>>, id: Option<&str>) -> bool {
    match (categories, id) {
        (Some(list), Some(id)) => list.iter().any(|c| c == id),
        _ => true,
    }
}

/// A kind of record (`records[].kind`) with its own fields; `kind` and `date` are implied.
#[derive(Clone, Debug)]
pub struct RecordDecl {
    /// The kind's id, as `records[].kind` spells it.
    pub kind: String,
    /// What it is, in both languages.
    pub title: Text,
    /// Its fields besides `kind` and `date`.
    pub fields: Vec<FieldDecl>,
    /// The categories (ids) whose applicants report it; `None`: every one.
    pub categories: Option<Vec<String>>,
}

impl RecordDecl {
    /// Whether an applicant of the category `id` reports records of this kind.
    pub fn for_category(&self, id: Option<&str>) -> bool {
        applies(&self.categories, id)
    }
}

/// Everything a cohort may carry for this policy, as declared.
#[derive(Clone, Debug, Default)]
pub struct DataModel {
    /// Applicant fields, in the order declared.
    pub fields: Vec<FieldDecl>,
    /// Record kinds, in the order declared.
    pub records: Vec<Arc<RecordDecl>>,
}

/// The keys the engine itself knows on an applicant, besides the declared fields.
pub const ENGINE_KEYS: [&str; 6] = ["id", "name", "category", "records", "history", "scores"];

impl DataModel {
    /// The declared applicant field at `path`.
    pub fn field(&self, path: &str) -> Option<(usize, &FieldDecl)> {
        self.fields.iter().enumerate().find(|(_, f)| f.path == path)
    }

    /// The declared record kind `kind`.
    pub fn record(&self, kind: &str) -> Option<&Arc<RecordDecl>> {
        self.records.iter().find(|r| r.kind == kind)
    }

    /// What a rule may read at `path`: a declared field or one the engine knows; `stages`
    /// are the policy's stage ids (for `scores.<stage>`).
    pub fn resolve(&self, path: &str, stages: &[String]) -> Option<Field> {
        let builtin = |slot, ty| {
            Some(Field {
                path: path.to_owned(),
                slot,
                ty,
                title: None,
                unit: None,
                when_no: None,
                place: false,
            })
        };
        match path {
            "id" => return builtin(Slot::Id, FieldType::Text),
            "name" => return builtin(Slot::Name, FieldType::Text),
            "cycle.year" => return builtin(Slot::Year, FieldType::Integer),
            "cycle.application_deadline" => return builtin(Slot::Deadline, FieldType::Date),
            "records" => return builtin(Slot::Records, FieldType::Text),
            _ => {}
        }
        if let Some(stage) = path.strip_prefix("scores.") {
            let i = stages.iter().position(|s| s == stage)?;
            return builtin(Slot::Score(i), FieldType::Decimal);
        }
        let (i, decl) = self.field(path)?;
        Some(Field {
            path: path.to_owned(),
            slot: Slot::Value(i),
            ty: decl.ty.clone(),
            title: Some(Arc::new(decl.title.clone())),
            unit: decl.unit.as_deref().map(Arc::from),
            when_no: decl.when_no.clone().map(Arc::new),
            place: decl.place,
        })
    }

    /// Every path a rule may read, for "did you mean".
    pub fn readable(&self, stages: &[String]) -> Vec<String> {
        let mut out: Vec<String> = ["id", "name", "cycle.year", "cycle.application_deadline"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        out.extend(self.fields.iter().map(|f| f.path.clone()));
        out.extend(stages.iter().map(|s| format!("scores.{s}")));
        out.push("records".into());
        out
    }
}

/// Where a rule's field lives on an applicant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// The declared field with this index.
    Value(usize),
    /// The applicant's id.
    Id,
    /// The applicant's name.
    Name,
    /// The award year.
    Year,
    /// The application deadline.
    Deadline,
    /// The score of the stage with this index.
    Score(usize),
    /// The applicant's records (script inputs only).
    Records,
}

/// A field a rule reads, resolved at load time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Its dotted path, as the policy names it.
    pub path: String,
    /// Where it lives.
    pub slot: Slot,
    /// Its type.
    pub ty: FieldType,
    /// Its declared title (`None` for the keys the engine knows); shared, so a rule stays small.
    pub title: Option<Arc<Text>>,
    /// The unit its numbers are in (万元), said after a value in a reason.
    pub unit: Option<Arc<str>>,
    /// How a reason says it when it is 否, if the policy says.
    pub when_no: Option<Arc<Text>>,
    /// A place in a ranking (1 the first).
    pub place: bool,
}

/// A scalar value observed in the cohort, borrowed from it (or from the policy, for an
/// enumeration's value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val<'a> {
    /// true or false.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// An exact decimal.
    Decimal(Decimal),
    /// A date.
    Date(Date),
    /// Text, or an enumeration's value.
    Text(&'a str),
}

impl Val<'_> {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Val::Bool(_) => Kind::Bool,
            Val::Int(_) => Kind::Int,
            Val::Decimal(_) => Kind::Decimal,
            Val::Date(_) => Kind::Date,
            Val::Text(_) => Kind::Text,
        }
    }
}

impl std::fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Bool(b) => write!(f, "{b}"),
            Val::Int(i) => write!(f, "{i}"),
            Val::Decimal(d) => write!(f, "{}", crate::decimal::show(*d)),
            Val::Date(d) => write!(f, "{d}"),
            Val::Text(s) => write!(f, "\"{s}\""),
        }
    }
}

impl Field {
    /// The field's path.
    #[inline]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The kind of value rules compare; `None` for `records`, which only scripts read.
    pub fn kind(&self) -> Option<Kind> {
        (self.slot != Slot::Records).then(|| self.ty.kind())
    }
}

/// A field of a record of one kind, resolved at load time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordField {
    /// Its key in the record.
    pub name: String,
    /// `None` for `date`; else the index among the kind's declared fields.
    pub slot: Option<usize>,
    /// Its type.
    pub ty: FieldType,
}

impl RecordField {
    /// The field `name` of records of `decl`'s kind (`date` included).
    pub fn resolve(decl: &RecordDecl, name: &str) -> Option<RecordField> {
        if name == "date" {
            return Some(RecordField {
                name: name.to_owned(),
                slot: None,
                ty: FieldType::Date,
            });
        }
        let i = decl.fields.iter().position(|f| f.path == name)?;
        Some(RecordField {
            name: name.to_owned(),
            slot: Some(i),
            ty: decl.fields[i].ty.clone(),
        })
    }

    /// The field's key.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kind of value rules compare.
    pub fn kind(&self) -> Kind {
        self.ty.kind()
    }
}
