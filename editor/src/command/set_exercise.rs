//! `SetExercise`: the board's instructions and test cases, all at once.

use floe_engine::Board;
use floe_engine::exercise::{Exercise, TestCase};

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
    if let Some(old) = board.exercise.as_ref().filter(|e| e.locked) {
        let new = exercise.as_ref();
        if new.is_none_or(|n| !n.locked || n.instructions != old.instructions) {
            return Err(CommandError::LockedExercise("instructions"));
        }
        let kept = |c: &TestCase| new.is_some_and(|n| n.cases.iter().any(|x| x == c));
        let forged = new.is_some_and(|n| n.cases.iter().any(|c| c.locked && !old.cases.contains(c)));
        if old.cases.iter().any(|c| c.locked && !kept(c)) || forged {
            return Err(CommandError::LockedExercise("cases"));
        }
    }
    let old = std::mem::replace(&mut board.exercise, exercise.clone());
    Ok((Command::SetExercise { exercise: old }, vec![Change::Exercise]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;

    fn case(name: &str) -> TestCase {
        TestCase { name: name.into(), input: serde_json::json!({"x": 1}), ..TestCase::default() }
    }

    #[test]
    fn sets_and_clears_cases_and_refuses_twins() {
        let mut b = board();
        let ex = Exercise { instructions: "Double it".into(), cases: vec![case("one"), case("two")], locked: false };
        round_trip(&mut b, &Command::SetExercise { exercise: Some(ex.clone()) });
        Command::SetExercise { exercise: Some(ex) }.apply(&mut b).unwrap();
        round_trip(&mut b, &Command::SetExercise { exercise: None });
        let twins = Exercise { cases: vec![case("a"), case("a")], ..Exercise::default() };
        let err = Command::SetExercise { exercise: Some(twins) }.apply(&mut b).unwrap_err();
        assert_eq!(err.to_string(), "two test cases are named `a`");
        let unnamed = Exercise { cases: vec![case(" ")], ..Exercise::default() };
        let err = Command::SetExercise { exercise: Some(unnamed) }.apply(&mut b).unwrap_err();
        assert_eq!(err.to_string(), "test case 1 has no name");
    }

    #[test]
    fn a_locked_exercise_keeps_its_instructions_and_the_teachers_cases() {
        let mut b = board();
        let teacher = Exercise { instructions: "Double it".into(), cases: vec![case("one")], locked: false };
        let student = teacher.for_students();
        assert!(student.locked && student.cases[0].locked);
        Command::SetExercise { exercise: Some(student.clone()) }.apply(&mut b).unwrap();
        // A case of the student's own may come and go.
        let mut more = student.clone();
        more.cases.push(case("mine"));
        round_trip(&mut b, &Command::SetExercise { exercise: Some(more.clone()) });
        Command::SetExercise { exercise: Some(more.clone()) }.apply(&mut b).unwrap();
        let mut refused =
            |e: Option<Exercise>| Command::SetExercise { exercise: e }.apply(&mut b).unwrap_err().to_string();
        let mut other = more.clone();
        other.instructions = "Triple it".into();
        assert!(refused(Some(other)).contains("instructions"));
        let mut edited = more.clone();
        edited.cases[0].expect.insert("result".into(), serde_json::json!(0));
        assert!(refused(Some(edited)).contains("cases"));
        let mut removed = more.clone();
        removed.cases.remove(0);
        assert!(refused(Some(removed)).contains("cases"));
        let mut forged = more.clone();
        forged.cases[1].locked = true;
        assert!(refused(Some(forged)).contains("cases"), "a case cannot be made the teacher's");
        let mut unlocked = more.clone();
        unlocked.locked = false;
        assert!(refused(Some(unlocked)).contains("instructions"));
        assert!(refused(None).contains("instructions"));
    }
}
