from tests.conftest import add_person


async def test_create_and_lookup(api):
    ada = await add_person(api, profiles=[{"url": "https://de.linkedin.com/in/Ada/?trk=x"}])
    found = await api.ok("GET", "/people/lookup", params={"url": "linkedin.com/in/ada/"})
    assert found["id"] == ada["id"]
