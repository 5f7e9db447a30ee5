"""Views of the exam pages: scheduling (考核场次), sites (考核站点) and teachers' training with the
assessor pool (师资培训, served under ``/training/``). The results pages (成绩), whose certificates follow
them, are served by ``onex.credentials.views.results``."""
