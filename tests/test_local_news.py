"""Rules for local news (issue 16): each one stated in one sentence, tested on sentences written here."""

from __future__ import annotations

from bordermap.text.extractor import extract_places


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.place.country, m.place.admin1) for m in extract_places(text)]


def test_a_place_in_an_organisation_name_is_a_mention_and_stays_a_place():
    # a place followed by capitalised words that name no place names an organisation after the place:
    # the place is mentioned, and its later lone uses are places too (not a person's surname)
    text = (
        "The Lyon Opera Orchestra will tour in spring. Tickets went on sale on Monday. "
        "Rehearsals take place in Lyon, the orchestra said."
    )
    got = _found(text)
    assert [t for t, *_ in got] == ["Lyon", "Lyon"]
    assert {c for _, c, _ in got} == {"FRA"}


def test_an_ordinary_word_is_no_town_through_the_towns_alternate_name():
    # "She", "Democrat" and "Opera" are alternate names of Shenyang, Sumiton and a Paris quarter in GeoNames
    text = "She met a Democrat at the Opera in Lyon after her visit to Beijing."
    assert [t for t, *_ in _found(text)] == ["Lyon", "Beijing"]


def test_a_town_comma_state_abbreviation_is_in_that_state_everywhere_in_the_article():
    # "X, Ky." / "X, TX" (AP style and postal abbreviations, also in an all-capitals dateline) put X in that state
    # the abbreviation is itself a mention of the state
    got = _found("RICHMOND, Ky. - The council met on Monday. Later, Richmond officials said the budget was fine.")
    assert got == [("RICHMOND", "USA", "KY"), ("Ky.", "USA", "Kentucky"), ("Richmond", "USA", "KY")]
    assert _found("Paris, TX, held a parade.") == [("Paris", "USA", "TX"), ("TX", "USA", "Texas")]
    got = _found("Paris, Tenn. held a parade; Paris was decorated.")
    assert got == [("Paris", "USA", "TN"), ("Tenn.", "USA", "Tennessee"), ("Paris", "USA", "TN")]
    # the state's name elsewhere in the article is the state, not the country of that name
    got = _found("Athens, Ga., police said Georgia was cold.")
    assert got == [("Athens", "USA", "GA"), ("Ga.", "USA", "Georgia"), ("Georgia", "USA", "Georgia")]
    # abbreviations count only after a place and a comma
    assert _found("Mr Smith flew in from Ga. on Monday.") == []


def test_a_town_is_read_in_the_first_level_region_of_the_articles_other_places():
    # Gainesville is likeliest the Florida city; in an article about places in Georgia it is the Georgia town
    alone = _found("Storms hit Gainesville overnight.")
    assert alone == [("Gainesville", "USA", "FL")]
    got = _found("Storms hit Atlanta and Macon overnight. In Gainesville, roofs were torn off.")
    assert got[-1] == ("Gainesville", "USA", "GA")


def test_a_country_reading_loses_to_the_town_when_everything_else_is_in_one_state():
    # "Lebanon" alone is the country; among places in Tennessee, the Tennessee town
    assert _found("Prices rose in Lebanon.")[0][1] == "LBN"
    got = _found("Crews from Nashville and Murfreesboro helped in Lebanon after the storm.")
    assert got[-1] == ("Lebanon", "USA", "TN")


def test_a_city_the_article_region_names_does_not_beat_the_country_or_a_famous_city():
    # the region bonus separates towns of one name; it never turns a country into a town
    got = _found("Officials in Monterrey and Saltillo said Mexico would act.")
    assert got[-1][:2] == ("Mexico", "MEX") and got[-1][2] == ""


def test_a_place_name_after_a_common_given_name_is_a_surname_with_its_later_uses():
    # a common given name (1990 US census) and a place name ending the run are a person's name
    assert _found("Local farmer Quentin Lyon won the prize. Lyon said the weather had helped.") == []
    assert _found("Council member Mary Walker voted no. Walker said the plan was rushed.") == []
    # with a middle initial
    assert [t for t, *_ in _found("Brian K. Lancaster, 41, pleaded guilty. Lancaster was fined.")] == []
    # two capitalised words that together name a place stay a place; a person's name inside an
    # organisation's name does not make the place a surname elsewhere
    assert [t for t, *_ in _found("He moved to Virginia Beach.")] == ["Virginia Beach"]
    got = _found("Sam Houston State University students returned to Houston.")
    assert got[-1] == ("Houston", "USA", "TX")


def test_a_hyphenated_title_is_no_surname():
    # "Vice-President" after a country is a title, not a rare surname: the country stays, and so do its later uses
    got = _found("U.S. Vice-President Joe Biden visited Kiev. The U.S. pledged aid.")
    assert [t for t, *_ in got] == ["U.S.", "Kiev", "U.S."]


def test_a_district_named_with_its_designator_needs_no_context():
    # "X County" says what it is: a county even when the article names nothing else in its country
    assert _found("The fire spread across Edgar County overnight.") == [("Edgar County", "USA", "Illinois")]


def test_a_town_whose_name_is_no_english_word_needs_no_context():
    # "Bicester" is no English word: a town's name, even in an article that names no other place
    assert _found("Traffic in Bicester was slow on Friday.") == [("Bicester", "GBR", "ENG")]
    # an ordinary word that names a small town still needs its country in the article
    assert _found("Traffic in Commerce was slow on Friday.") == []


def test_each_part_of_a_hyphenated_pair_of_places_is_a_mention():
    # both parts name places and the whole does not: each is a mention; a name with a hyphen stays whole
    assert [t for t, *_ in _found("Talks on the Poland-Lithuania pipeline resumed.")] == ["Poland", "Lithuania"]
    assert [t for t, *_ in _found("Guinea-Bissau voted.")] == ["Guinea-Bissau"]


def test_an_ordinary_word_heading_a_name_with_of_is_no_place():
    # "University" and "Bank" name small towns too; heading "X of Y" they are words of a name
    got = _found("The University of Vermont and the Bank of Ireland met in Burlington, Vermont.")
    assert [t for t, *_ in got] == ["Vermont", "Ireland", "Burlington", "Vermont"]


def test_every_word_of_a_name_after_a_title_is_the_persons():
    # "Judge Quincy Lyon": the title covers the whole name, and the surname's later uses
    assert _found("County Judge Quincy Lyon ruled on Friday. Lyon said the case was closed.") == []
    # a place named with the title word stays a place ("Saint Paul"), and so do places after it
    assert [t for t, *_ in _found("Flights from Saint Paul, Minnesota resumed.")] == ["Saint Paul", "Minnesota"]


def test_an_ordinary_word_inside_an_organisations_name_is_a_place_only_if_used_alone_too():
    # "Justice" and "Commerce" name small US towns; inside "Justice Department" they are words of the name
    got = _found("The Justice Department and the Commerce Department met in Chicago.")
    assert [t for t, *_ in got] == ["Chicago"]
    # a place the article also names alone stays a place inside the organisation's name
    got = _found("The Commerce Department said a man from Commerce was held in Dallas, Texas.")
    assert got[:2] == [("Commerce", "USA", "TX"), ("Commerce", "USA", "TX")]
