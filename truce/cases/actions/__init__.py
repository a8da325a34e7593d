"""Case actions, one module per part of the workflow:

- ``placement``: a submitted report opens or joins a case;
- ``workflow``: admissibility, publication, reopening, joining and splitting (mediators);
- ``investigation``: assigning monitors, site visits, access denials, case evidence;
- ``replies``: the accused party's right of reply and its deadline.
"""
