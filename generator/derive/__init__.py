"""The middle stage: from the audited model to what the report says.

``figures`` names every figure of the report, ``values`` holds the value objects the template
sees (本年, 上年, 预算) with their change, completion and share, ``sections`` declares what each
section of 第三部分 uses, ``context`` hands figures and facts to the template, ``display`` lays
out the nine tables' rows and ``chart_data`` the charts' series. Decimal arithmetic throughout;
rounding happens only at display (``generator.money``).
"""
