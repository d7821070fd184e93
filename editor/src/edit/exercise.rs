//! Authoring an exercise from the Check tab: the instructions, a case from
//! the last run, and a case's name, input and expected outputs (edited as
//! JSON text). Each is one `SetExercise` command; in a locked exercise (a
//! student's copy) the instructions and the teacher's cases are refused
//! with a sentence saying so.

use std::collections::BTreeMap;

use floe_engine::exercise::{Exercise, TestCase};
use floe_engine::{Board, Value};

use crate::command::Command;

/// A change to one case.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseEdit {
    /// A new name.
    Name(String),
    /// A new run input, as JSON text.
    Input(String),
    /// New expected outputs, as the text of a JSON object.
    Expect(String),
    /// Take it out.
    Remove,
}

/// Why an exercise edit was not made, in words for the person.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExerciseRefusal {
    /// The part is the teacher's.
    #[error("this {0} is the teacher's and cannot be changed; add a case of your own instead")]
    Locked(&'static str),
    /// The text is not JSON.
    #[error("the {field} is not JSON: {reason}")]
    NotJson {
        /// Which field.
        field: &'static str,
        /// The parser's words.
        reason: String,
    },
    /// Expected outputs must be an object.
    #[error("expected outputs must be a JSON object: {{\"output name\": value}}")]
    NotAnObject,
    /// No such case.
    #[error("there is no test case {0}")]
    NoCase(usize),
    /// No run to take a case from.
    #[error("run the board first; the case takes that run's input and outputs")]
    NoRun,
    /// The run set no board outputs.
    #[error("the last run set no board outputs; add Board output nodes for what the case should check")]
    NoOutputs,
    /// The name is taken or empty.
    #[error("{0}")]
    BadName(String),
}

fn exercise(board: &Board) -> Exercise {
    board.exercise.clone().unwrap_or_default()
}

/// The command that makes the exercise `e` (none at all when it is empty).
fn set(e: Exercise) -> Command {
    let keep = !e.cases.is_empty() || !e.instructions.trim().is_empty() || e.locked;
    Command::SetExercise { exercise: keep.then_some(e) }
}

/// New instructions.
pub fn set_instructions(board: &Board, text: &str) -> Result<Command, ExerciseRefusal> {
    let mut e = exercise(board);
    if e.locked {
        return Err(ExerciseRefusal::Locked("instructions"));
    }
    e.instructions = text.to_owned();
    Ok(set(e))
}

/// A new case from the last run: its input (`input`, JSON text) and the
/// board outputs it produced, named `case N` with the first N free.
pub fn case_from_run(
    board: &Board,
    input: &str,
    outputs: Option<&BTreeMap<String, Value>>,
) -> Result<Command, ExerciseRefusal> {
    let outputs = outputs.ok_or(ExerciseRefusal::NoRun)?;
    let input: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| ExerciseRefusal::NotJson { field: "run input", reason: e.to_string() })?;
    if outputs.is_empty() {
        return Err(ExerciseRefusal::NoOutputs);
    }
    let mut e = exercise(board);
    let name = (1..).map(|i| format!("case {i}")).find(|n| !e.cases.iter().any(|c| &c.name == n)).unwrap_or_default();
    let expect = outputs.iter().map(|(k, v)| (k.clone(), v.to_json())).collect();
    e.cases.push(TestCase { name, input, expect, locked: false, subflow: None });
    Ok(set(e))
}

/// Changes case `index` (0-based).
pub fn edit_case(board: &Board, index: usize, edit: CaseEdit) -> Result<Command, ExerciseRefusal> {
    let mut e = exercise(board);
    let case = e.cases.get_mut(index).ok_or(ExerciseRefusal::NoCase(index + 1))?;
    if case.locked {
        return Err(ExerciseRefusal::Locked("case"));
    }
    match edit {
        CaseEdit::Name(name) => {
            let name = name.trim().to_owned();
            if name.is_empty() {
                return Err(ExerciseRefusal::BadName("a test case needs a name".into()));
            }
            case.name = name.clone();
            if e.cases.iter().filter(|c| c.name == name).count() > 1 {
                return Err(ExerciseRefusal::BadName(format!("another test case is named `{name}`")));
            }
        }
        CaseEdit::Input(text) => {
            case.input = serde_json::from_str(&text)
                .map_err(|e| ExerciseRefusal::NotJson { field: "run input", reason: e.to_string() })?;
        }
        CaseEdit::Expect(text) => {
            let v: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| ExerciseRefusal::NotJson { field: "expected outputs", reason: e.to_string() })?;
            let serde_json::Value::Object(map) = v else { return Err(ExerciseRefusal::NotAnObject) };
            case.expect = map.into_iter().collect();
        }
        CaseEdit::Remove => {
            e.cases.remove(index);
        }
    }
    Ok(set(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn board(locked: bool) -> Board {
        let mut b = Board::named("ex");
        let teacher = Exercise {
            instructions: "Output the average as `average`.".into(),
            cases: vec![TestCase { name: "two".into(), input: serde_json::json!([1, 3]), ..TestCase::default() }],
            locked: false,
        };
        b.exercise = Some(if locked { teacher.for_students() } else { teacher });
        b
    }

    fn apply(b: &Board, c: Command) -> Board {
        let mut doc = Document::new(b.clone());
        doc.apply(c).unwrap();
        doc.board().clone()
    }

    #[test]
    fn a_teacher_edits_everything() {
        let b = board(false);
        let b = apply(&b, set_instructions(&b, "Average, please.").unwrap());
        let b = apply(&b, edit_case(&b, 0, CaseEdit::Name(" pair ".into())).unwrap());
        let b = apply(&b, edit_case(&b, 0, CaseEdit::Input("[2, 4]".into())).unwrap());
        let b = apply(&b, edit_case(&b, 0, CaseEdit::Expect(r#"{"average": 3}"#.into())).unwrap());
        let e = b.exercise.clone().unwrap();
        assert_eq!(e.instructions, "Average, please.");
        assert_eq!(e.cases[0].name, "pair");
        assert_eq!(e.cases[0].input, serde_json::json!([2, 4]));
        assert_eq!(e.cases[0].expect["average"], serde_json::json!(3));
        let b = apply(&b, edit_case(&b, 0, CaseEdit::Remove).unwrap());
        let b = apply(&b, set_instructions(&b, " ").unwrap());
        assert_eq!(b.exercise, None, "an empty exercise is none at all");
    }

    #[test]
    fn a_student_adds_and_edits_their_own_cases_only() {
        let b = board(true);
        assert_eq!(set_instructions(&b, "x"), Err(ExerciseRefusal::Locked("instructions")));
        assert_eq!(edit_case(&b, 0, CaseEdit::Remove), Err(ExerciseRefusal::Locked("case")));
        assert_eq!(
            edit_case(&b, 0, CaseEdit::Name("x".into())).unwrap_err().to_string(),
            "this case is the teacher's and cannot be changed; add a case of your own instead"
        );
        let outputs: BTreeMap<String, Value> = [("average".to_owned(), Value::Int(2))].into();
        let b = apply(&b, case_from_run(&b, "[1, 3]", Some(&outputs)).unwrap());
        let e = b.exercise.clone().unwrap();
        assert_eq!((e.cases[1].name.as_str(), e.cases[1].locked), ("case 1", false));
        let b = apply(&b, edit_case(&b, 1, CaseEdit::Name("mine".into())).unwrap());
        let b = apply(&b, edit_case(&b, 1, CaseEdit::Remove).unwrap());
        assert_eq!(b.exercise.unwrap().cases.len(), 1);
    }

    #[test]
    fn bad_text_and_missing_runs_are_explained() {
        let b = board(false);
        assert!(matches!(edit_case(&b, 0, CaseEdit::Input("{".into())), Err(ExerciseRefusal::NotJson { .. })));
        assert_eq!(edit_case(&b, 0, CaseEdit::Expect("[1]".into())), Err(ExerciseRefusal::NotAnObject));
        assert_eq!(edit_case(&b, 5, CaseEdit::Remove), Err(ExerciseRefusal::NoCase(6)));
        assert_eq!(edit_case(&b, 0, CaseEdit::Name("".into())).unwrap_err().to_string(), "a test case needs a name");
        assert_eq!(case_from_run(&b, "{}", None), Err(ExerciseRefusal::NoRun));
        assert_eq!(case_from_run(&b, "{}", Some(&BTreeMap::new())), Err(ExerciseRefusal::NoOutputs));
        let one: BTreeMap<String, Value> = [("x".to_owned(), Value::Int(1))].into();
        assert!(
            case_from_run(&b, "nope", Some(&one)).unwrap_err().to_string().starts_with("the run input is not JSON")
        );
        let mut b2 = b.clone();
        b2.exercise.as_mut().unwrap().cases.push(TestCase { name: "b".into(), ..TestCase::default() });
        assert_eq!(
            edit_case(&b2, 1, CaseEdit::Name("two".into())).unwrap_err().to_string(),
            "another test case is named `two`"
        );
    }
}
