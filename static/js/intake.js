/* Intake forms, improved when JavaScript runs (every form works without it).
   The policyholder's name and date of birth are asked only when the insurance is someone
   else's: without JavaScript they stay visible, labelled "only if the insurance is not yours". */
(function () {
  "use strict";
  var form = document.querySelector("form.intake-form");
  if (!form || !form.querySelector('input[name="relationship"]')) return;
  var fields = ["id_holder_name", "id_holder_date_of_birth"]
    .map(function (id) { var input = document.getElementById(id); return input && input.closest(".field"); })
    .filter(Boolean);

  function update() {
    var choice = form.querySelector('input[name="relationship"]:checked');
    var mine = !choice || choice.value === "self";
    fields.forEach(function (field) {
      // A question with an error stays in view whatever is chosen.
      field.hidden = mine && !field.classList.contains("field--error");
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "relationship") update();
  });
  update();
})();
