"""Views of the exam pages: scheduling (考核场次), results (成绩), sites (考核站点) and
teachers' training with the assessor pool (师资培训, served under ``/training/``)."""
