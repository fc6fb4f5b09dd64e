// Asks the sample's /json route for its message and shows it, and shows the ticks of its event stream, /events.
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

// The browser's EventSource reconnects by itself after a drop, saying the last id it saw (Last-Event-ID); the
// server then sends a 'resumed' event first.
const tick = document.getElementById('tick');
const events = new EventSource('/events');
events.addEventListener('tick', e => { tick.textContent = e.data + ' (id ' + e.lastEventId + ')'; });
events.addEventListener('resumed', e => { tick.textContent = 'reconnected: ' + e.data; });
events.onerror = () => { tick.textContent = 'reconnecting…'; };
