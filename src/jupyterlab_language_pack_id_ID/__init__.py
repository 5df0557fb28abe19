"""Bahasa Indonesia language pack for JupyterLab, shipped by the medsos-asn-jatim course kit.

JupyterLab finds it through the ``jupyterlab.languagepack`` entry point ``id_ID``, and its
server imports it by this fixed module name to translate settings schemas (menu labels).
It replaces the ``jupyterlab-language-pack-id-ID`` package from PyPI, on whose translations
(Copyright (c) 2023 Project Jupyter Contributors, BSD 3-Clause licence, LICENSE-UPSTREAM.txt)
it is based. Sources: ``locale/id_ID/LC_MESSAGES/*.po``; see ``medsos.lab.bahasa``.
"""

__version__ = "4.6.0"
