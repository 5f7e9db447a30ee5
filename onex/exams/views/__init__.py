"""Views of the exam pages: scheduling (考核场次), results (成绩) and sites (考核站点)."""
