"""Views of training: sessions and attendance (培训课次, 考勤), teachers' training (师资培训)."""
