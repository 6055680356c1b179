"""The bundled Hongqiao District 2020-H1 example (illustrative data; figures from the case)."""

import datetime as dt

AS_OF = dt.date(2020, 7, 15)
CHECKLIST = "tianjin-bizenv"
