// Sign-in: a token from the address (moved into the tab's sessionStorage and out of the
// address bar, history and screenshots), or the form with a demo account's name and password.

import { GraphQLError, graphql } from "./api.js";
import { byTestId } from "./dom.js";
import { LOGIN } from "./documents.js";

const TOKEN_KEY = "zhdj.screen.token";

/** The token to use: `?token=` if the address has one (then removed from it), else the tab's. */
export function takeToken(params) {
  const fromAddress = params.get("token");
  if (fromAddress) {
    sessionStorage.setItem(TOKEN_KEY, fromAddress);
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", `${location.pathname}${rest ? `?${rest}` : ""}`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

function loginProblem(error) {
  if (error instanceof GraphQLError && error.code === "UNAUTHENTICATED") return "用户名或密码错误";
  if (error instanceof GraphQLError && error.code === "RATE_LIMITED") return "登录尝试过于频繁，请稍后再试";
  return "登录失败：无法连接服务器，请稍后再试";
}

/** Show the form (with `message`, if any); `onSignedIn(token)` once a login succeeds. */
export function askSignIn(message, onSignedIn) {
  const form = document.getElementById("login");
  byTestId("login-error").textContent = message;
  form.hidden = false;
  // One handler, replaced on every call: signing out again and again adds no listeners.
  form.onsubmit = async (event) => {
    event.preventDefault();
    try {
      const input = { username: form.username.value, password: form.password.value };
      const { login } = await graphql(LOGIN, { input });
      sessionStorage.setItem(TOKEN_KEY, login.token);
      form.hidden = true;
      form.password.value = "";
      byTestId("login-error").textContent = "";
      onSignedIn(login.token);
    } catch (error) {
      byTestId("login-error").textContent = loginProblem(error);
    }
  };
  form.username.focus();
}
