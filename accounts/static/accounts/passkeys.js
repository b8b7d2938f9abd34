// Once django-otp-webauthn's script has added a passkey, open the page where its owner names it.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const box = document.getElementById("passkey-register");
  const path = box.dataset.nameUrl.replace(/\/0\/$/, `/${Number(event.detail.id)}/`);
  const address = new URL(path, window.location.origin);
  if (box.dataset.next) {
    address.searchParams.set("next", box.dataset.next);
  }
  window.location.assign(address.href);
});
