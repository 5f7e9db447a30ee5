"""Views of training: sessions and attendance (培训课次, 考勤)."""
