"""Breaks for the SSDA903 outcome rules (returns/rules/ssda903/outcomes.py). The base child (born 07/01/2015) is
looked after all year with an OC2 row; the OC3 breaks add a care leaver row for them.

348 (died last year) has no break: it needs last year's OC3, which the broken county file does not have;
test_outcomes.py checks it."""

from .broken import BASE_903, break_903


def _oc2(t, **values):
    t["OC2"][0].update(values)


def _oc3(t, **values):
    row = {"CHILD": BASE_903, "DOB": "07/01/2015", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1", **values}
    t["OC3"].append(row)
    return row


# --- OC2 ---

@break_903("157")
def _157(t):
    _oc2(t, SDQ_SCORE="", SDQ_REASON="SDQ1")


@break_903("158")
def _158(t):
    _oc2(t, SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1", INTERVENTION_OFFERED="0")


@break_903("159")
def _159(t):
    _oc2(t, SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="")


@break_903("180")
def _180(t):
    _oc2(t, SDQ_SCORE="41")


@break_903("181")
def _181(t):
    _oc2(t, CONVICTED="2")


@break_903("182")
def _182(t):
    _oc2(t, IMMUNISATIONS="")


@break_903("188")
def _188(t):
    _oc2(t, DOB="01/06/2023")


@break_903("189")
def _189(t):
    _oc2(t, DOB="01/01/2007")


@break_903("190")
def _190(t):
    # Came into care during the year: not looked after for 12 months at 31 March.
    t["Episodes"][0].update(DECOM="01/05/2025", RNE="S")


@break_903("191")
def _191(t):
    _oc2(t, TEETH_CHECK="")


@break_903("192")
def _192(t):
    _oc2(t, SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="")


@break_903("193")
def _193(t):
    _oc2(t, SUBSTANCE_MISUSE="0", INTERVENTION_RECEIVED="1")


@break_903("196")
def _196(t):
    _oc2(t, SDQ_SCORE="", SDQ_REASON="SDQ9")


@break_903("197B")
def _197b(t):
    _oc2(t, DOB="01/06/2021", SDQ_SCORE="", SDQ_REASON="")


@break_903("197a")
def _197a(t):
    _oc2(t, SDQ_REASON="SDQ2")


@break_903("542")
def _542(t):
    _oc2(t, DOB="01/06/2017")


@break_903("544")
def _544(t):
    _oc2(t, CONVICTED="1", TEETH_CHECK="")


@break_903("545")
def _545(t):
    _oc2(t, DOB="01/06/2022", HEALTH_CHECK="")


@break_903("547")
def _547(t):
    _oc2(t, HEALTH_CHECK="1", HEALTH_ASSESSMENT="")


@break_903("INT33")
def _int33(t):
    t["OC2"].append(dict(t["OC2"][0]))


# --- OC3 ---

@break_903("131")
def _131(t):
    _oc3(t, IN_TOUCH="MAYBE")


@break_903("132")
def _132(t):
    _oc3(t, ACTIV="ZZ")


@break_903("133")
def _133(t):
    _oc3(t, ACCOM="ZZ")


@break_903("134")
def _134(t):
    _oc3(t)
    t["AD1"].append({"CHILD": BASE_903, "DOB": "07/01/2015", "DATE_INT": "01/05/2025", "DATE_MATCH": "01/06/2025",
                     "FOSTER_CARE": "0", "NB_ADOPTR": "1", "SEX_ADOPTR": "F1", "LS_ADOPTR": "L0"})


@break_903("153")
def _153(t):
    _oc3(t, ACTIV="")


@break_903("187")
def _187(t):
    _oc3(t)


@break_903("215")
def _215(t):
    _oc3(t, IN_TOUCH="NO")


@break_903("344")
def _344(t):
    _oc3(t, IN_TOUCH="DIED")


@break_903("345")
def _345(t):
    _oc3(t, ACTIV="0", ACCOM="0")


@break_903("347")
def _347(t):
    # The sector's validator only knows the foyer as ACCOM "T" (the codes are T1 and T2): "T" fires in both.
    _oc3(t, ACCOM="T")


@break_903("391")
def _391(t):
    _oc3(t, IN_TOUCH="REFU")


@break_903("INT34")
def _int34(t):
    _oc3(t)
    _oc3(t)
