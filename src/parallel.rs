//! Work split over the machine's two cores. A worker that panics is an error that reaches the
//! user, never a result with part of the work silently missing.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::diag::text;
use crate::diag::{Diagnostic, Text};
use crate::error::Error;

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

/// Makes pieces `0..count` on two threads — `make` with a state of each thread's own, made by
/// `state` — and hands them to `take` in order. At most a few pieces wait at a time. When
/// `take` fails, the second thread stops at its next piece; when `make` panics on the second
/// thread, the panic goes on here, as if one thread had made every piece.
pub(crate) fn in_order<S, R: Send>(
    count: usize,
    state: impl Fn() -> S + Sync,
    make: impl Fn(&mut S, usize) -> R + Sync,
    mut take: impl FnMut(R) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if count < 2 {
        let mut own = state();
        return (0..count).try_for_each(|i| take(make(&mut own, i)));
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<R>(2);
        let (state, make) = (&state, &make);
        let worker = scope.spawn(move || {
            let mut own = state();
            for i in (1..count).step_by(2) {
                if send.send(make(&mut own, i)).is_err() {
                    return;
                }
            }
        });
        let mut own = state();
        let mut taken = Ok(());
        for i in 0..count {
            let piece = if i % 2 == 0 {
                make(&mut own, i)
            } else {
                match receive.recv() {
                    Ok(piece) => piece,
                    // The worker stopped: its panic is raised below.
                    Err(_) => break,
                }
            };
            taken = take(piece);
            if taken.is_err() {
                break;
            }
        }
        drop(receive);
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
        taken
    })
}

/// `make` over `0..count` in two halves, one on each core, its results joined in order. A
/// panic on the second core goes on here, as if one core had made all.
pub(crate) fn halves<T: Send>(
    count: usize,
    make: impl Fn(std::ops::Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    if count < 2 {
        return make(0..count);
    }
    let middle = count / 2;
    let (mut first, rest) = both(|| make(0..middle), || make(middle..count));
    first.extend(rest);
    first
}

/// `left` on this thread and `right` on a second one, both results. A panic on the second
/// thread goes on here, as if this thread had run both.
pub(crate) fn both<A, B: Send>(
    left: impl FnOnce() -> A,
    right: impl FnOnce() -> B + Send,
) -> (A, B) {
    std::thread::scope(|scope| {
        let second = scope.spawn(right);
        let a = left();
        match second.join() {
            Ok(b) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
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

    #[test]
    fn pieces_come_in_order_with_each_threads_own_state() {
        for count in [0, 1, 2, 7, 100] {
            let mut got = Vec::new();
            in_order(
                count,
                || 0usize,
                |made: &mut usize, i| {
                    *made += 1;
                    (i, *made)
                },
                |piece| {
                    got.push(piece);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(
                got.iter().map(|p| p.0).collect::<Vec<_>>(),
                (0..count).collect::<Vec<_>>()
            );
            // Each thread counted only what it made.
            let most = got.iter().map(|p| p.1).max().unwrap_or(0);
            assert!(count < 2 || most == count.div_ceil(2), "{count}: {most}");
        }
    }

    #[test]
    fn halves_join_in_order() {
        for count in [0, 1, 2, 3, 1001] {
            let got = halves(count, |range| range.collect::<Vec<_>>());
            assert_eq!(got, (0..count).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_failed_take_stops_both_threads() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let mut taken = 0;
        let result = in_order(
            10_000,
            || (),
            |(), i| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |_| {
                taken += 1;
                if taken == 3 {
                    Err(std::io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert!(made.into_inner() < 20);
    }

    #[test]
    fn a_panic_on_the_second_thread_goes_on_on_the_first() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let caught = std::panic::catch_unwind(|| {
            in_order(
                4,
                || (),
                |(), i| if i == 3 { panic!("odd one") } else { i },
                |_| Ok(()),
            )
        });
        std::panic::set_hook(prev);
        let panic = caught.unwrap_err();
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"odd one"));
    }
}
