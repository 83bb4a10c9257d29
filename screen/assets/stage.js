// The stage: a 1920×1080 design scaled to fit any window, and the clock in China Standard Time.

const WIDTH = 1920;
const HEIGHT = 1080;

export function fitStage(screen) {
  const fit = () => {
    const scale = Math.min(innerWidth / WIDTH, innerHeight / HEIGHT);
    screen.style.transform = `scale(${scale})`;
    screen.style.left = `${(innerWidth - WIDTH * scale) / 2}px`;
    screen.style.top = `${(innerHeight - HEIGHT * scale) / 2}px`;
  };
  addEventListener("resize", fit);
  fit();
}

const clockFormat = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
  weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});

export function startClock(element) {
  const tick = () => {
    const parts = Object.fromEntries(clockFormat.formatToParts(new Date()).map((part) => [part.type, part.value]));
    element.textContent = `${parts.year}-${parts.month}-${parts.day} ${parts.weekday} ${parts.hour}:${parts.minute}:${parts.second}`;
  };
  tick();
  setInterval(tick, 1000);
}
