//! Work split over the machine's two cores. A worker that panics is an error that reaches the
//! user, never a result with part of the work silently missing.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::diag::{Diagnostic, Text};
use crate::error::Error;
use crate::text;

/// Runs `left` on this thread and `right` on a second one; both must finish for a result.
pub(crate) fn in_two<A: Send, B: Send>(
    what: Text,
    left: impl FnOnce() -> A,
    right: impl FnOnce() -> B + Send,
) -> Result<(A, B), Error> {
    let (a, b) = std::thread::scope(|s| {
        let worker = s.spawn(right);
        let a = catch_unwind(AssertUnwindSafe(left));
        (a, worker.join())
    });
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(panic), _) | (_, Err(panic)) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::one(
                Diagnostic::error(
                    "internal::worker-failed",
                    text!(
                        format!("{}的计算线程因内部错误中止（{why}）；结果不完整，因此不予输出", what.zh),
                        format!("a worker computing the {} stopped with an internal error ({why}); the result would be incomplete, so none is given", what.en)
                    ),
                )
                .help(text!(
                    "这是 qaward 的缺陷：请连同所用命令与文件一并报告。",
                    "this is a bug in qaward: please report it with the command and files used"
                )),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_worker_is_an_error() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let right = in_two(text!("测试", "test"), || 1, || -> i32 { panic!("boom") });
        let left = in_two(text!("测试", "test"), || -> i32 { panic!("bang") }, || 2);
        std::panic::set_hook(prev);
        let e = right.unwrap_err();
        assert_eq!(e.problems[0].code, "internal::worker-failed");
        assert!(e.problems[0].message.en.contains("boom"), "{e}");
        assert!(left.unwrap_err().problems[0].message.en.contains("bang"));
        assert_eq!(in_two(text!("测试", "test"), || 1, || 2), Ok((1, 2)));
    }
}
