//! Reading an applicant's data as the rules see it: a declared field's value from a cohort row
//! (or the cycle), a year-keyed field's years, a record's field, and a script's inputs. The
//! policy declares the fields and the cohort holds the values; reading one through the other
//! is the evaluator's, so neither of the two needs the other's types.

use rhai::{Dynamic, Map};
use rust_decimal::Decimal;

use crate::cohort::{Cycle, Record, Row, Value};
use crate::date::Date;
use crate::policy::fields::{Field, FieldType, RecordField, Slot, Val};

/// A cohort value as a rule sees it.
#[inline]
pub(crate) fn val_of<'a>(v: &'a Value, ty: &'a FieldType) -> Option<Val<'a>> {
    Some(match v {
        Value::Bool(b) => Val::Bool(*b),
        Value::Int(i) => Val::Int(*i),
        Value::Decimal(d) => Val::Decimal(*d),
        Value::Date(d) => Val::Date(*d),
        Value::Text(s) => Val::Text(s),
        Value::Choice(i) => Val::Text(ty.choices()?.values.get(*i)?),
        Value::Years(_) => return None,
    })
}

/// Reading a declared applicant field.
pub(crate) trait ReadField {
    /// The scalar value of the field, or `None` when it is missing.
    fn get<'a>(&'a self, a: Row<'a>, cycle: &Cycle) -> Option<Val<'a>>;
    /// The values of a year-keyed field, or `None` when it is missing.
    fn yearly<'a>(&self, a: Row<'a>) -> Option<&'a [(i32, Decimal)]>;
}

impl ReadField for Field {
    #[inline]
    fn get<'a>(&'a self, a: Row<'a>, cycle: &Cycle) -> Option<Val<'a>> {
        match self.slot {
            Slot::Value(i) => val_of(a.values.get(i)?.as_ref()?, &self.ty),
            Slot::Id => Some(Val::Text(&a.applicant.id)),
            Slot::Name => a.applicant.name.as_deref().map(Val::Text),
            Slot::Year => Some(Val::Int(i64::from(cycle.year))),
            Slot::Deadline => Some(Val::Date(cycle.application_deadline)),
            Slot::Score(i) => a
                .applicant
                .scores
                .get(i)
                .copied()
                .flatten()
                .map(Val::Decimal),
            Slot::Records => None,
        }
    }

    #[inline]
    fn yearly<'a>(&self, a: Row<'a>) -> Option<&'a [(i32, Decimal)]> {
        match (self.slot, &self.ty) {
            (Slot::Value(i), FieldType::DecimalByYear) => match a.values.get(i)?.as_ref()? {
                Value::Years(y) => Some(y),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Reading a field of a record.
pub(crate) trait ReadRecordField {
    /// The value in a record, or `None` when it is missing.
    fn get<'a>(&'a self, r: &'a Record) -> Option<Val<'a>>;
}

impl ReadRecordField for RecordField {
    #[inline]
    fn get<'a>(&'a self, r: &'a Record) -> Option<Val<'a>> {
        match self.slot {
            None => Some(Val::Date(r.date)),
            Some(i) => val_of(r.values.get(i)?.as_ref()?, &self.ty),
        }
    }
}

fn val_to_dynamic(v: Val<'_>) -> Dynamic {
    match v {
        Val::Bool(b) => Dynamic::from_bool(b),
        Val::Int(i) => Dynamic::from_int(i),
        Val::Decimal(d) => Dynamic::from_decimal(d),
        Val::Date(d) => Dynamic::from(d.to_string()),
        Val::Text(s) => Dynamic::from(s.to_owned()),
    }
}

fn date_dynamic(d: Option<Date>) -> Dynamic {
    d.map_or(Dynamic::UNIT, |d| Dynamic::from(d.to_string()))
}

/// A record as a Rhai map: `kind`, `date` and its declared fields.
fn record_dynamic(r: &Record) -> Dynamic {
    let mut m = Map::new();
    m.insert("kind".into(), Dynamic::from(r.kind().to_owned()));
    m.insert("date".into(), date_dynamic(Some(r.date)));
    for (decl, v) in r.decl.fields.iter().zip(&r.values) {
        if let Some(v) = v.as_ref().and_then(|v| val_of(v, &decl.ty)) {
            m.insert(decl.path.as_str().into(), val_to_dynamic(v));
        }
    }
    Dynamic::from_map(m)
}

/// The value of a script's input field for an applicant, or `None` when it is missing.
pub(crate) fn script_input(field: &Field, a: Row<'_>, c: &Cycle) -> Option<Dynamic> {
    if field.slot == Slot::Records {
        let list = a.records.as_ref()?.iter().map(record_dynamic).collect();
        return Some(Dynamic::from_array(list));
    }
    if let Some(years) = field.yearly(a) {
        let map: Map = years
            .iter()
            .map(|(y, p)| (y.to_string().into(), Dynamic::from_decimal(*p)))
            .collect();
        return Some(Dynamic::from_map(map));
    }
    field.get(a, c).map(val_to_dynamic)
}
