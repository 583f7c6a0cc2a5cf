//! Every applicant's declared values, one row of `width` slots each, kept in chunks of a fixed
//! number of rows: a growing cohort never moves what it has read (one block that doubled would
//! copy 60 MB and refault it at 100,000 applicants), and a row is still one slice.

use super::Value;

/// Rows per chunk: 512 rows of 25 fields are 300 KB.
const ROWS: usize = 512;

/// The values, row after row.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    width: usize,
    rows: usize,
    chunks: Vec<Vec<Option<Value>>>,
}

impl Block {
    /// No rows yet, `width` slots to a row.
    pub(crate) fn new(width: usize) -> Block {
        Block {
            width,
            rows: 0,
            chunks: Vec::new(),
        }
    }

    /// A new row, every slot empty.
    pub(crate) fn push(&mut self) -> &mut [Option<Value>] {
        let width = self.width;
        // Row r lives in chunk r / ROWS; a full last chunk starts the next.
        let index = self.rows / ROWS;
        if index == self.chunks.len() {
            self.chunks.push(Vec::with_capacity(ROWS * width));
        }
        self.rows += 1;
        let chunk = &mut self.chunks[index];
        let start = chunk.len();
        chunk.resize(start + width, None);
        &mut chunk[start..]
    }

    /// Moves every row of `other` (of the same width) after these.
    pub(crate) fn append(&mut self, other: Block) {
        for chunk in other.chunks {
            let mut values = chunk.into_iter();
            while values.len() > 0 {
                for slot in self.push() {
                    *slot = values.next().flatten();
                }
            }
        }
    }

    /// The row at `i`; empty past the end.
    pub(crate) fn row(&self, i: usize) -> &[Option<Value>] {
        let start = (i % ROWS) * self.width;
        self.chunks
            .get(i / ROWS)
            .and_then(|c| c.get(start..start + self.width))
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_across_chunks_keep_their_values() {
        let mut b = Block::new(2);
        for i in 0..(ROWS * 2 + 3) {
            b.push()[1] = Some(Value::Int(i as i64));
        }
        for i in [0, ROWS - 1, ROWS, 2 * ROWS + 2] {
            assert_eq!(b.row(i), &[None, Some(Value::Int(i as i64))]);
        }
        assert!(b.row(2 * ROWS + 3).is_empty());
        // Rows appended from another block follow, whatever the chunks.
        let mut more = Block::new(2);
        for i in 0..(ROWS + 5) {
            more.push()[0] = Some(Value::Int(-(i as i64)));
        }
        let mut joined = b.clone();
        joined.append(more);
        assert_eq!(joined.row(2 * ROWS + 2), b.row(2 * ROWS + 2));
        assert_eq!(joined.row(2 * ROWS + 3), &[Some(Value::Int(0)), None]);
        assert_eq!(
            joined.row(3 * ROWS + 7),
            &[Some(Value::Int(-(ROWS as i64 + 4))), None]
        );
        assert!(joined.row(3 * ROWS + 8).is_empty());
        assert_eq!(joined.chunks.len(), 4);
        assert_eq!(Block::new(0).push().len(), 0);
    }
}
