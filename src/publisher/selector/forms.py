"""Forms of install, download and build logs: volume a reader skips, one form a line.

Kept apart from ``signals.py`` (cue words and line patterns of the story) because they are
only noise: each tool's progress lines (pip, npm, cargo, apt, docker, gradle, yarn, CMake,
make) are written once here and combined into one case-insensitive alternative.
"""

from __future__ import annotations

# Install and download logs (pip, npm, cargo, apt, docker, gradle, yarn), one form each.
INSTALL_FORMS = (
    "collecting ",
    "downloading ",
    "using cached ",
    "requirement already satisfied",
    "installing collected packages",
    "successfully installed",
    "successfully built",
    "building wheels? ",
    "building wheel for",
    "created wheel",
    "stored in directory",
    "attempting uninstall",
    "found existing installation",
    "uninstalling ",
    "successfully uninstalled",
    "preparing metadata",
    "obtaining ",
    r"npm (?:warn|notice|http|timing|info)\b",
    r"\d+ packages? (?:are|is) looking for",
    "run `npm (?:fund|audit)",
    r"found \d+ vulnerabilit",
    r"\d+ vulnerabilit",
    "to address (?:all )?issues",
    "npm audit fix",
    r"compiling \S+ v\d",
    r"downloaded \S+ v\d",
    r"fresh \S+ v\d",
    r"checking \S+ v\d",
    r"updating crates\.io",
    r"locking \d+ packages",
    r"get:\d+ ",
    r"hit:\d+ ",
    r"ign:\d+ ",
    "unpacking ",
    "setting up ",
    "preparing to unpack",
    "selecting previously unselected",
    "processing triggers",
    "reading package lists",
    "building dependency tree",
    "reading state information",
    r"fetched \d",
    r"\w+: (?:pulling fs layer|waiting|verifying checksum|download complete|pull complete|"
    r"already exists|extracting)",
    "digest: sha256:",
    "status: downloaded",
    "pulling from ",
    r"step \d+/\d+ :",
    "---> ",
    "removing intermediate container",
    "sending build context",
    r"#\d+ (?:\[|sha256|extracting|done|resolve|transferring|load)",
    r"(?:> )?task :\w",
    "resolving dependencies",
    "downloading https?://",
    r"progress \(\d+\):",
    r"\[info\] download",
    "yarn install",
    r"\[\d/\d\] (?:resolving|fetching|linking|building)",
    "warning .*peer dependency",
    # CMake / make / ninja build progress
    r"\[\s*\d+%\] (?:building|linking|built target|scanning dependencies)",
    r"-- (?:configuring done|generating done|build files have been written)",
    r"make\[\d+\]: (?:entering|leaving) directory",
)


def _first_letter_factored(forms: tuple[str, ...]) -> str:
    """``(?:…)`` of ``forms``, those that start with one letter written behind it once.

    Under IGNORECASE a form's first letter is a Unicode case test that the engine cannot skip
    quickly, so 59 install forms tried one by one at the start of every line cost more than
    the rest of ``LINE_START_RE``. ``x(?:a|b)`` matches exactly what ``xa|xb`` does, and only
    whether the group matches is used, never which form did.
    """
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for form in forms:
        if form[0].isalpha():
            groups.setdefault(form[0], []).append(form[1:])
        else:
            others.append(form)
    factored = [f"{letter}(?:{'|'.join(tails)})" for letter, tails in groups.items()]
    return f"(?:{'|'.join(factored + others)})"


INSTALL = _first_letter_factored(INSTALL_FORMS)
