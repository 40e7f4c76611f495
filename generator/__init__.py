"""部门决算公开报告生成器 (juesuan): workbook → audit → figures → Word report.

Pipeline: ``excel.reader`` (workbook → ``model``), ``audit`` (findings), ``figures``/``derive``
(Decimal figures and wording), ``context`` (display strings), ``render`` (docxtpl).
"""
__version__ = "0.1.0"
