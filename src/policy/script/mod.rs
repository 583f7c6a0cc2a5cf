//! Rhai clauses: the sandboxed engine, compile-once scripts, and running one against an
//! applicant.
//!
//! The engine is `Engine::new_raw()` plus the standard package: no module loading (the crate is
//! built with `no_module`), no file, network or clock access, `print`, `debug` and `eval`
//! disabled, strict variables, and limits on operations, call depth, expression depth and
//! string/array/map sizes. A script sees `params` (every parameter, read-only) and the inputs
//! its clause declares; a missing input makes the clause unknown without running the script.

use std::fmt;

use rhai::{Dynamic, Engine, Map, Scope, AST};

use super::fields::Field;
use super::ParamValue;

/// Sandbox limits. Generous for eligibility rules, small enough to stop a runaway loop fast.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most operations one clause call may run.
    pub operations: u64,
    /// The deepest function calls may nest.
    pub call_levels: usize,
    /// The deepest expressions may nest.
    pub expr_depth: usize,
    /// The deepest expressions in functions may nest.
    pub fn_expr_depth: usize,
    /// The longest string.
    pub string_size: usize,
    /// The longest array.
    pub array_size: usize,
    /// The most keys of a map.
    pub map_size: usize,
    /// Wall-clock time one clause call may take, callbacks included.
    pub call_time: std::time::Duration,
    /// Wall-clock time all the script calls of one evaluation may take together.
    pub evaluation_time: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            operations: 20_000,
            call_levels: 16,
            expr_depth: 64,
            fn_expr_depth: 32,
            string_size: 4_096,
            array_size: 1_024,
            map_size: 1_024,
            call_time: std::time::Duration::from_millis(100),
            evaluation_time: std::time::Duration::from_secs(30),
        }
    }
}

thread_local! {
    /// When the script running on this thread must stop: the engine is shared by the threads
    /// that evaluate, so each keeps its own deadline.
    static DEADLINE: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
}

/// The time left to the scripts of the whole command, in nanoseconds (`u64::MAX`: no limit
/// beyond each evaluation's own). A sweep of 10,000 variants is 10,000 evaluations, each with
/// its own budget; this one bounds them all together.
static COMMAND_LEFT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(u64::MAX);
/// The time limit set for the whole command, in seconds, to say it.
static COMMAND_LIMIT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What the scripts of one command may take together: the `qaward` command sets it once, so
/// that `sweep`, `stability`, `whatif` and `compare` stop in bounded time however many
/// evaluations they run.
pub const COMMAND_TIME: std::time::Duration = std::time::Duration::from_secs(120);

/// Limits the scripts of every evaluation from now on to `total` together.
pub fn limit_command_time(total: std::time::Duration) {
    use std::sync::atomic::Ordering;
    let nanos = u64::try_from(total.as_nanos()).unwrap_or(u64::MAX - 1);
    COMMAND_LEFT.store(nanos, Ordering::Relaxed);
    COMMAND_LIMIT.store(total.as_secs(), Ordering::Relaxed);
}

/// The time left to the command's scripts (`None`: no command limit).
fn command_left() -> Option<std::time::Duration> {
    let left = COMMAND_LEFT.load(std::sync::atomic::Ordering::Relaxed);
    (left != u64::MAX).then(|| std::time::Duration::from_nanos(left))
}

/// Takes `spent` off the command's time.
fn command_spend(spent: std::time::Duration) {
    use std::sync::atomic::Ordering;
    let spent = u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX - 1);
    let _ = COMMAND_LEFT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
        (left != u64::MAX).then(|| left.saturating_sub(spent))
    });
}

/// How often (in operations) the clock is read: often enough to stop within microseconds of
/// the deadline, rarely enough to cost nothing measurable.
const CLOCK_EVERY: u64 = 64;

/// The token a script stopped by the clock ends with.
const OUT_OF_TIME: &str = "qaward: out of time";

/// The engine and the policy's parameters as Rhai values, shared by all script clauses.
pub struct Scripts {
    engine: std::sync::OnceLock<Engine>,
    params: Params,
    /// The limits every script runs under.
    pub limits: Limits,
}

/// The policy's parameters as a script sees them: read as `params.name` or `params["name"]`,
/// never written. The type has a getter and no setter or changing method, so no spelling of
/// an assignment (`=`, `**=`, `?.`, inside `${…}`) can change it: each is a plain script error.
/// It is also never a constant the optimiser could fold into the script (which made Rhai
/// panic on an op-assignment to it).
#[derive(Clone)]
struct Params(std::sync::Arc<Map>);

fn register_params(engine: &mut Engine) {
    engine.register_type_with_name::<Params>("params");
    engine.register_indexer_get(
        |p: &mut Params,
         name: rhai::ImmutableString|
         -> Result<Dynamic, Box<rhai::EvalAltResult>> {
            p.0.get(name.as_str()).cloned().ok_or_else(|| {
                format!("the policy has no parameter `{name}` (params.{name})").into()
            })
        },
    );
    // A write reaches this setter whatever its spelling, and is refused in the words of the
    // compile-time check.
    engine.register_indexer_set(
        |_: &mut Params, name: rhai::ImmutableString, _: Dynamic| -> Result<(), Box<rhai::EvalAltResult>> {
            Err(format!(
                "a script may not change `params` (params.{name}): the policy's parameters are read-only (copy the value into a variable with `let`)"
            )
            .into())
        },
    );
    engine.register_fn("contains", |p: &mut Params, name: rhai::ImmutableString| {
        p.0.contains_key(name.as_str())
    });
    engine.register_fn("keys", |p: &mut Params| -> rhai::Array {
        p.0.keys().map(|k| Dynamic::from(k.clone())).collect()
    });
}

impl fmt::Debug for Scripts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scripts")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// A compiled clause script.
#[derive(Clone)]
pub struct ClauseScript {
    /// The file it came from, relative to the policy directory.
    pub file: String,
    /// The file's path, for diagnostics.
    pub path: std::path::PathBuf,
    /// The script's file name.
    pub source: String,
    /// Variable name in the script → cohort field.
    pub inputs: Vec<(String, Field)>,
    /// Missing inputs reach the script as `()` (it decides with what it has), instead of
    /// making the clause unknown without running it.
    pub decides_with_missing: bool,
    ast: AST,
}

impl fmt::Debug for ClauseScript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClauseScript")
            .field("file", &self.file)
            .field("inputs", &self.inputs)
            .finish()
    }
}

/// A compile error with its 1-based line and column in the script.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// What is wrong.
    pub message: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

/// What a script concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptOutcome {
    /// It ran and returned true or false.
    Holds(bool),
    /// The script returned `()`: it could not decide.
    Undecided,
    /// The script failed (limit hit, runtime error, wrong return type).
    Failed(String),
}

fn to_dynamic(p: &ParamValue) -> Dynamic {
    match p {
        ParamValue::Bool(b) => Dynamic::from_bool(*b),
        ParamValue::Int(i) => Dynamic::from_int(*i),
        ParamValue::Decimal(d) => Dynamic::from_decimal(*d),
        ParamValue::Date(d) => Dynamic::from(d.to_string()),
        ParamValue::Text(s) => Dynamic::from(s.clone()),
        ParamValue::List(items) => Dynamic::from_array(items.iter().map(to_dynamic).collect()),
    }
}

/// A Rhai engine with the sandbox's limits: no output, no `eval`, no sleeping, no comparators
/// whose errors Rhai would swallow, and a clock.
fn sandboxed(limits: Limits) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(rhai::packages::Package::as_shared_module(
        &rhai::packages::StandardPackage::new(),
    ));
    for symbol in ["print", "debug", "eval"] {
        engine.disable_symbol(symbol);
    }
    // `sleep` blocks without counting operations: a hang, not a rule.
    engine.register_fn(
        "sleep",
        |_: rhai::INT| -> Result<(), Box<rhai::EvalAltResult>> {
            Err("sleep() is not available in a policy script".into())
        },
    );
    engine.register_fn(
        "sleep",
        |_: rust_decimal::Decimal| -> Result<(), Box<rhai::EvalAltResult>> {
            Err("sleep() is not available in a policy script".into())
        },
    );
    // A comparator's errors are swallowed (a comparator stopped by a limit made the clause
    // pass): refused, so it cannot escape.
    // dedup with a comparator swallows its errors the same way.
    for name in ["sort", "sort_by"] {
        engine.register_fn(
            name,
            |_: &mut rhai::Array, _: rhai::FnPtr| -> Result<(), Box<rhai::EvalAltResult>> {
                Err("sorting with a comparator is not allowed in a policy script; use sort() on numbers or strings".into())
            },
        );
    }
    engine.register_fn(
        "dedup",
        |_: &mut rhai::Array, _: rhai::FnPtr| -> Result<(), Box<rhai::EvalAltResult>> {
            Err("dedup with a comparator is not allowed in a policy script; use dedup() on numbers or strings".into())
        },
    );
    // The operation count restarts inside callbacks (map, filter, reduce, …) and does not
    // weigh what one operation costs; the clock does both. The progress callback runs in
    // every context, so once the deadline has passed every operation stops, and a callback
    // whose error is swallowed cannot keep the script alive.
    engine.on_progress(|ops| {
        let late = ops % CLOCK_EVERY == 0
            && DEADLINE
                .with(|d| d.get())
                .is_some_and(|d| std::time::Instant::now() >= d);
        late.then(|| Dynamic::from(OUT_OF_TIME))
    });
    register_params(&mut engine);
    engine.set_strict_variables(true);
    engine.set_max_operations(limits.operations);
    engine.set_max_call_levels(limits.call_levels);
    engine.set_max_expr_depths(limits.expr_depth, limits.fn_expr_depth);
    engine.set_max_string_size(limits.string_size);
    engine.set_max_array_size(limits.array_size);
    engine.set_max_map_size(limits.map_size);
    engine.set_max_variables(64);
    engine.set_max_functions(32);
    engine
}

impl Scripts {
    /// The scripts' engine and parameters. The engine is built when the first script is
    /// compiled: a policy without scripts never pays for it.
    pub fn new(params: &[super::Param], limits: Limits) -> Scripts {
        let params = Params(std::sync::Arc::new(
            params
                .iter()
                .map(|p| (p.name.as_str().into(), to_dynamic(&p.value)))
                .collect(),
        ));
        Scripts {
            engine: std::sync::OnceLock::new(),
            params,
            limits,
        }
    }

    /// The sandboxed engine, built on first use.
    fn engine(&self) -> &Engine {
        self.engine.get_or_init(|| sandboxed(self.limits))
    }

    fn scope_for(&self, inputs: &[(String, Field)]) -> Scope<'static> {
        let mut scope = Scope::new();
        // Not a constant here: the optimiser would fold it into the script.
        scope.push("params", self.params.clone());
        for (name, _) in inputs {
            scope.push(name.clone(), Dynamic::UNIT);
        }
        scope
    }

    /// Compiles a clause script once; undefined variables are compile errors.
    pub fn compile(
        &self,
        file: &str,
        source: &str,
        inputs: Vec<(String, Field)>,
    ) -> Result<ClauseScript, CompileError> {
        if let Some((line, column)) = assigns_params(source) {
            return Err(CompileError {
                message: "a script may not change `params` or name a variable so: the policy's parameters are read-only (copy the value into a variable of another name with `let`)".into(),
                line,
                column,
            });
        }
        let scope = self.scope_for(&inputs);
        match self.engine().compile_with_scope(&scope, source) {
            Ok(ast) => Ok(ClauseScript {
                file: file.to_owned(),
                path: std::path::PathBuf::from(file),
                source: source.to_owned(),
                inputs,
                decides_with_missing: false,
                ast,
            }),
            Err(e) => {
                let pos = e.1;
                Err(CompileError {
                    message: e.0.to_string(),
                    line: pos.line().unwrap_or(1),
                    column: pos.position().unwrap_or(1),
                })
            }
        }
    }

    /// A runner that reuses one scope for every applicant. It costs nothing until a script
    /// clause runs: the parameters are copied into its scope then.
    pub fn runner(&self) -> Runner<'_> {
        Runner {
            scripts: self,
            scope: None,
            spent: std::time::Duration::ZERO,
        }
    }
}

/// Runs scripts for one applicant after another, reusing its scope.
pub struct Runner<'s> {
    scripts: &'s Scripts,
    /// `params` first, then the inputs of the script running; made at the first script.
    scope: Option<Scope<'static>>,
    /// The time the scripts of this evaluation have taken so far.
    spent: std::time::Duration,
}

impl Runner<'_> {
    /// Runs `script` for an applicant whose input fields `input` gives (`None`: missing).
    /// `Err(field)` names a missing input.
    pub fn run<'p>(
        &mut self,
        script: &'p ClauseScript,
        input: &mut dyn FnMut(&Field) -> Option<Dynamic>,
    ) -> Result<ScriptOutcome, &'p Field> {
        // `params` afresh for each run (a shared map: no copy), so that whatever a script
        // does to its own variable `params` ends with the script.
        let scope = self.scope.get_or_insert_with(Scope::new);
        scope.rewind(0);
        scope.push("params", self.scripts.params.clone());
        for (name, field) in &script.inputs {
            let value = match input(field) {
                Some(v) => v,
                None if script.decides_with_missing => Dynamic::UNIT,
                None => return Err(field),
            };
            scope.push(name.clone(), value);
        }
        let limits = self.scripts.limits;
        let Some(left) = limits
            .evaluation_time
            .checked_sub(self.spent)
            .filter(|l| !l.is_zero())
        else {
            return Ok(ScriptOutcome::Failed(format!(
                "the scripts of this evaluation have used up their time ({} s in all), so this clause was not run",
                limits.evaluation_time.as_secs()
            )));
        };
        let left = match command_left() {
            Some(c) if c.is_zero() => {
                return Ok(ScriptOutcome::Failed(format!(
                    "the scripts of this command have used up their time ({} s in all, over every evaluation it ran), so this clause was not run",
                    COMMAND_LIMIT.load(std::sync::atomic::Ordering::Relaxed)
                )));
            }
            Some(c) => left.min(c),
            None => left,
        };
        let started = std::time::Instant::now();
        DEADLINE.with(|d| d.set(Some(started + left.min(limits.call_time))));
        // An internal error of the script engine must not take the run down with it.
        let engine = self.scripts.engine();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine.eval_ast_with_scope::<Dynamic>(scope, &script.ast)
        }));
        DEADLINE.with(|d| d.set(None));
        self.spent += started.elapsed();
        command_spend(started.elapsed());
        let Ok(result) = result else {
            return Ok(ScriptOutcome::Failed(
                "the script engine stopped with an internal error; the clause is undetermined"
                    .into(),
            ));
        };
        Ok(match result {
            Ok(v) if v.is_bool() => ScriptOutcome::Holds(v.as_bool().unwrap_or(false)),
            Ok(v) if v.is_unit() => ScriptOutcome::Undecided,
            Ok(v) => ScriptOutcome::Failed(format!(
                "the script returned a {} where true, false or () was expected",
                v.type_name()
            )),
            // A limit reached inside a callback (map, filter, …) arrives wrapped in the call.
            Err(e) => ScriptOutcome::Failed(match innermost(&e) {
                rhai::EvalAltResult::ErrorTooManyOperations(_) => format!(
                    "the script was stopped after {} operations (the sandbox limit) at {}",
                    limits.operations,
                    e.position()
                ),
                rhai::EvalAltResult::ErrorTerminated(..) => format!(
                    "the script was stopped after {} ms (the sandbox's time limit for one clause) at {}",
                    left.min(limits.call_time).as_millis(),
                    e.position()
                ),
                _ => e.to_string(),
            }),
        })
    }
}

/// The error inside the calls that wrap it.
fn innermost(e: &rhai::EvalAltResult) -> &rhai::EvalAltResult {
    match e {
        rhai::EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
        | rhai::EvalAltResult::ErrorInModule(_, inner, _) => innermost(inner),
        other => other,
    }
}

mod source;
pub use source::{assigns_params, numeric_literals, param_reads};

#[cfg(test)]
mod tests {

    use super::*;

    /// An applicant who gives nothing: every input is missing.
    fn nothing(_: &Field) -> Option<Dynamic> {
        None
    }
    use crate::policy::{Param, Provenance};

    fn scripts() -> Scripts {
        let p = Param {
            name: "limit".into(),
            value: ParamValue::Int(3),
            cite: None,
            title: None,
            provenance: Provenance::default(),
        };
        Scripts::new(&[p], Limits::default())
    }

    #[test]
    fn strict_variables_and_disabled_symbols_fail_at_compile_time() {
        let s = scripts();
        let e = s
            .compile("t.rhai", "let a = 1;\nundefined_thing > 2", vec![])
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(s.compile("t.rhai", "eval(\"1\")", vec![]).is_err());
        assert!(s.compile("t.rhai", "print(1); true", vec![]).is_err());
        assert!(s
            .compile("t.rhai", "import \"x\" as y; true", vec![])
            .is_err());
    }

    #[test]
    fn a_runaway_loop_stops_at_the_operations_limit() {
        let s = scripts();
        let script = s
            .compile("loop.rhai", "let n = 0; loop { n += 1; }", vec![])
            .unwrap();
        let mut runner = s.runner();
        let out = runner.run(&script, &mut nothing).unwrap();
        match out {
            ScriptOutcome::Failed(msg) => assert!(msg.contains("20000 operations"), "{msg}"),
            other => panic!("expected a stop, got {other:?}"),
        }
    }

    #[test]
    fn missing_input_is_reported_without_running() {
        let s = scripts();
        let profit = Field {
            path: "profit".into(),
            slot: super::super::fields::Slot::Value(0),
            ty: super::super::fields::FieldType::DecimalByYear,
            title: None,
            unit: None,
            when_no: None,
            place: false,
        };
        let script = s
            .compile(
                "t.rhai",
                "profit.len() > params.limit",
                vec![("profit".into(), profit.clone())],
            )
            .unwrap();
        let mut runner = s.runner();
        assert_eq!(runner.run(&script, &mut nothing), Err(&profit));
    }

    #[test]
    fn oversized_strings_are_stopped() {
        let s = scripts();
        let script = s
            .compile("t.rhai", "let s = \"x\"; loop { s += s; }", vec![])
            .unwrap();
        let out = s.runner().run(&script, &mut nothing).unwrap();
        assert!(matches!(out, ScriptOutcome::Failed(_)));
    }
}

#[cfg(test)]
mod time_budget {
    use super::*;

    fn scripts(limits: Limits) -> Scripts {
        Scripts::new(&[], limits)
    }

    fn run(
        s: &Scripts,
        runner: &mut Runner<'_>,
        src: &str,
    ) -> (ScriptOutcome, std::time::Duration) {
        let script = s.compile("t.rhai", src, vec![]).unwrap();
        let started = std::time::Instant::now();
        let out = runner.run(&script, &mut |_| None).unwrap();
        (out, started.elapsed())
    }

    /// Scripts that escaped the operation count through a callback, each stopped by the clock.
    const HOSTILE: [&str; 7] = [
        "let a = []; for i in 0..1000 { a.push(i) } a.map(|x| { let n = 0; loop { n += 1; } }); true",
        "let a = [1, 2, 3]; a.filter(|x| { loop {} }); true",
        "let a = [1, 2, 3]; a.reduce(|s, x| { loop {} }, 0); true",
        "let a = [1, 2, 3]; a.retain(|x| { loop {} }); true",
        "let a = [1, 2, 3]; a.dedup(|x, y| { loop {} }); true",
        "let a = [3, 1, 2]; a.sort_by(|x, y| { loop {} }); true",
        "let f = Fn(\"g\"); fn g() { loop {} } f.call(); true",
    ];

    #[test]
    fn callbacks_stop_at_the_clause_time_limit() {
        // Operations out of reach: only the clock can stop these.
        let limits = Limits {
            operations: u64::MAX,
            call_time: std::time::Duration::from_millis(50),
            ..Limits::default()
        };
        let s = scripts(limits);
        let mut runner = s.runner();
        for src in HOSTILE {
            let (out, took) = run(&s, &mut runner, src);
            match out {
                ScriptOutcome::Failed(msg) => assert!(
                    msg.contains("time limit") || msg.contains("not allowed"),
                    "{src}: {msg}"
                ),
                other => panic!("{src}: expected a stop, got {other:?}"),
            }
            assert!(took.as_millis() < 2_000, "{src} took {took:?}");
        }
    }

    #[test]
    fn an_evaluation_stops_running_scripts_when_its_time_is_used_up() {
        let limits = Limits {
            operations: u64::MAX,
            call_time: std::time::Duration::from_millis(30),
            evaluation_time: std::time::Duration::from_millis(100),
            ..Limits::default()
        };
        let s = scripts(limits);
        let mut runner = s.runner();
        let started = std::time::Instant::now();
        let mut refused = 0;
        for _ in 0..50 {
            if let (ScriptOutcome::Failed(msg), _) = run(&s, &mut runner, "loop {}") {
                refused += usize::from(msg.contains("used up their time"));
            }
        }
        assert!(refused >= 40, "{refused} of 50 calls refused");
        assert!(
            started.elapsed().as_millis() < 2_000,
            "{:?}",
            started.elapsed()
        );
        // A fresh evaluation has its own budget; a script that ends in time is unaffected.
        let mut runner = s.runner();
        assert_eq!(run(&s, &mut runner, "1 < 2").0, ScriptOutcome::Holds(true));
    }
}
