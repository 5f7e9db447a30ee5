"""Forms of the exam pages: scheduling and sites (sessions), results (成绩)."""
