// Asks the sample's /json route for its message and shows it.
const output = document.getElementById('message');

async function ask() {
  try {
    const response = await fetch('/json');
    const body = await response.json();
    output.textContent = body.message;
  } catch (e) {
    output.textContent = 'no answer (' + e + ')';
  }
}

document.getElementById('again').addEventListener('click', ask);
ask();
