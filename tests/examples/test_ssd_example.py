"""The committed synthetic SSD extract is what its seeded generator makes, and is as messy
as the importer claims to handle."""

from pathlib import Path

from examples.ssd.generate import generate, write

EXTRACT = Path(__file__).resolve().parents[2] / "examples" / "ssd"


def test_the_committed_extract_is_the_generators_output(tmp_path: Path) -> None:
    write(generate(seed=14, families=60), tmp_path)
    made = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert made == sorted(p.name for p in EXTRACT.glob("*.csv"))
    for name in made:
        assert (tmp_path / name).read_bytes() == (EXTRACT / name).read_bytes(), name


def test_the_extract_has_the_mess_of_real_ones() -> None:
    family = (EXTRACT / "ssd_family.csv").read_bytes()
    reviews = (EXTRACT / "ssd_cp_reviews.csv").read_bytes()
    plans = (EXTRACT / "ssd_cp_plans.csv").read_bytes()
    assert family.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in reviews
    assert b"\r\n" not in plans
    assert b"/20" in reviews  # day-first dates
    header = (EXTRACT / "ssd_person.csv").read_text().splitlines()[0]
    assert {"pers_forename", "pers_surname", "pers_dob"} <= set(header.split(","))
