//! `SetExercise`: the board's instructions and test cases, all at once.

use floe_engine::Board;
use floe_engine::exercise::Exercise;

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, exercise: &Option<Exercise>) -> Result<Applied, CommandError> {
    if let Some(e) = exercise {
        for (i, case) in e.cases.iter().enumerate() {
            if case.name.trim().is_empty() {
                return Err(CommandError::UnnamedCase(i + 1));
            }
            if e.cases[..i].iter().any(|c| c.name == case.name) {
                return Err(CommandError::DuplicateCase(case.name.clone()));
            }
        }
    }
    let old = std::mem::replace(&mut board.exercise, exercise.clone());
    Ok((Command::SetExercise { exercise: old }, vec![Change::Exercise]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::exercise::TestCase;

    fn case(name: &str) -> TestCase {
        TestCase { name: name.into(), input: serde_json::json!({"x": 1}), expect: Default::default() }
    }

    #[test]
    fn sets_and_clears_cases_and_refuses_twins() {
        let mut b = board();
        let ex = Exercise { instructions: "Double it".into(), cases: vec![case("one"), case("two")] };
        round_trip(&mut b, &Command::SetExercise { exercise: Some(ex.clone()) });
        Command::SetExercise { exercise: Some(ex) }.apply(&mut b).unwrap();
        round_trip(&mut b, &Command::SetExercise { exercise: None });
        let twins = Exercise { instructions: String::new(), cases: vec![case("a"), case("a")] };
        let err = Command::SetExercise { exercise: Some(twins) }.apply(&mut b).unwrap_err();
        assert_eq!(err.to_string(), "two test cases are named `a`");
        let unnamed = Exercise { instructions: String::new(), cases: vec![case(" ")] };
        let err = Command::SetExercise { exercise: Some(unnamed) }.apply(&mut b).unwrap_err();
        assert_eq!(err.to_string(), "test case 1 has no name");
    }
}
