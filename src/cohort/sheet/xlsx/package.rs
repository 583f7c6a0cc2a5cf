//! The workbook as a package: the zip archive's parts, each streamed as XML and capped when
//! unpacked; which sheets there are and where (the workbook and its relationships); the
//! shared strings; and which cell styles show dates.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};
use std::sync::Arc;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::values::{is_date_format, is_date_id};
use super::xml::{attr, Xml};
use super::Wrong;

/// A shared string: its text, or how long it was when longer than a cell may be.
#[derive(Clone)]
pub(super) enum Shared {
    Text(Arc<str>),
    TooLong(usize),
}

/// One sheet as the workbook lists it.
pub(super) struct Listed {
    pub name: String,
    pub part: String,
    pub hidden: bool,
}

pub(super) struct Book<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    /// The most one part may unpack to.
    limit: u64,
    /// Part names by their lower-case form (zip names are case-sensitive; Excel's are not).
    names: HashMap<String, String>,
}

impl<R: Read + Seek> Book<R> {
    pub(super) fn open(reader: R, limit: u64) -> Result<Book<R>, Wrong> {
        let zip = zip::ZipArchive::new(reader)?;
        let names = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|n| {
                (
                    n.trim_start_matches('/').to_ascii_lowercase(),
                    n.into_owned(),
                )
            })
            .collect();
        Ok(Book { zip, limit, names })
    }

    /// The XML of a part, streamed; `None` when the workbook has no such part.
    pub(super) fn part(
        &mut self,
        name: &str,
    ) -> Result<Option<Xml<impl std::io::BufRead + '_>>, Wrong> {
        let Some(real) = self
            .names
            .get(&name.trim_start_matches('/').to_ascii_lowercase())
        else {
            return Ok(None);
        };
        let real = real.clone();
        let limit = self.limit;
        let file = self.zip.by_name(&real)?;
        let mut reader = Reader::from_reader(BufReader::new(Capped {
            inner: file,
            left: limit,
            part: real,
        }));
        reader.config_mut().trim_text(false);
        Ok(Some(Xml::new(reader)))
    }

    /// The sheets in their order, where each lives, and whether dates count from 1904.
    pub(super) fn workbook(&mut self) -> Result<(Vec<Listed>, bool), Wrong> {
        let book_part = self.office_document()?;
        let (dir, _) = book_part.rsplit_once('/').unwrap_or(("", ""));
        let rels_part = format!(
            "{dir}/_rels/{}.rels",
            book_part.rsplit('/').next().unwrap_or("")
        );
        let mut targets = HashMap::new();
        if let Some(mut xml) = self.part(&rels_part)? {
            while let Some(e) = xml.next_start()? {
                if e.local_name().as_ref() == "Relationship" {
                    if let (Some(id), Some(target)) = (attr(&e, "Id")?, attr(&e, "Target")?) {
                        targets.insert(id, target);
                    }
                }
            }
        }
        let Some(mut xml) = self.part(&book_part)? else {
            return Err(Wrong::Unreadable(format!(
                "缺少 {book_part} · the part {book_part} is missing"
            )));
        };
        let mut sheets = Vec::new();
        let mut date1904 = false;
        while let Some(e) = xml.next_start()? {
            match e.local_name().as_ref() {
                "workbookPr" => {
                    date1904 = attr(&e, "date1904")?.is_some_and(|v| v == "1" || v == "true");
                }
                "sheet" => {
                    let name = attr(&e, "name")?.unwrap_or_default();
                    let hidden = attr(&e, "state")?.is_some_and(|s| s != "visible");
                    let Some(target) = attr(&e, "id")?.and_then(|id| targets.get(&id).cloned())
                    else {
                        continue; // a chart sheet or a broken link: no cells to read
                    };
                    let part = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_owned(),
                        None => format!("{dir}/{target}"),
                    };
                    sheets.push(Listed { name, part, hidden });
                }
                _ => {}
            }
        }
        Ok((sheets, date1904))
    }

    /// Where the workbook part is (`xl/workbook.xml`, as the package's relationships say).
    fn office_document(&mut self) -> Result<String, Wrong> {
        if let Some(mut xml) = self.part("_rels/.rels")? {
            while let Some(e) = xml.next_start()? {
                if e.local_name().as_ref() == "Relationship"
                    && attr(&e, "Type")?.is_some_and(|t| t.ends_with("/officeDocument"))
                {
                    if let Some(t) = attr(&e, "Target")? {
                        return Ok(t.trim_start_matches('/').to_owned());
                    }
                }
            }
        }
        Ok("xl/workbook.xml".to_owned())
    }

    /// The shared strings, each as long as the file makes it and no longer than a cell may be.
    pub(super) fn shared_strings(&mut self) -> Result<Vec<Shared>, Wrong> {
        let mut out = Vec::new();
        let Some(mut xml) = self.part("xl/sharedStrings.xml")? else {
            return Ok(out);
        };
        while let Some(e) = xml.next_start()? {
            if e.local_name().as_ref() == "si" {
                out.push(match xml.text_until("si", true)? {
                    Ok(s) => Shared::Text(s.into()),
                    Err(len) => Shared::TooLong(len),
                });
            }
        }
        Ok(out)
    }

    /// For each cell style (`s`), whether its number format shows a date.
    pub(super) fn date_styles(&mut self) -> Result<Vec<bool>, Wrong> {
        let mut out = Vec::new();
        let Some(mut xml) = self.part("xl/styles.xml")? else {
            return Ok(out);
        };
        let mut custom: HashMap<u32, bool> = HashMap::new();
        let mut in_cell_xfs = false;
        loop {
            let ev = xml.next()?;
            match &ev {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "numFmt" => {
                        if let (Some(id), Some(code)) =
                            (attr(e, "numFmtId")?, attr(e, "formatCode")?)
                        {
                            if let Ok(id) = id.parse() {
                                custom.insert(id, is_date_format(&code));
                            }
                        }
                    }
                    "cellXfs" => in_cell_xfs = matches!(ev, Event::Start(_)),
                    "xf" if in_cell_xfs => {
                        let id: u32 = attr(e, "numFmtId")?
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                        out.push(custom.get(&id).copied().unwrap_or_else(|| is_date_id(id)));
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }
}

/// A part's bytes, refused past `left` (a zip bomb, or a part no cohort needs).
struct Capped<F> {
    inner: F,
    left: u64,
    part: String,
}

impl<F: Read> Read for Capped<F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more than allowed means the part is larger than allowed.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(format!(
                    "{} 解压后过大 · {} unpacks to more than qaward reads (a zip bomb?)",
                    self.part, self.part
                ))),
            };
        }
        let want = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}
