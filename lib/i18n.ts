/**
 * The one message catalogue for the web site: every user-visible string of the pages and the
 * recorder island lives here, Korean first with an English twin. `en` is typed against `ko`,
 * so a key missing in either language is a type error.
 */

/** Languages the site speaks. */
export type Lang = "ko" | "en";
/** Supported languages, default first. */
export const LANGS: readonly Lang[] = ["ko", "en"];

const ko = {
  app_name: "AI 모의면접",
  app_tagline: "채용공고와 자기소개서로 만드는 음성 모의면접",
  skip_to_content: "본문으로 건너뛰기",
  nav_dashboard: "대시보드",
  nav_history: "면접 기록",
  nav_profile: "프로필",
  nav_login: "로그인",
  nav_signup: "회원가입",
  nav_logout: "로그아웃",
  nav_main: "주 메뉴",
  lang_switch: "English",
  lang_switch_label: "언어 바꾸기",
  footer_note: "녹음된 답변은 본인만 볼 수 있으며, 링크는 약 1시간 뒤 만료됩니다.",

  landing_title: "말로 연습하는 면접, 답변마다 받는 피드백",
  landing_lead:
    "채용공고와 자기소개서를 올리면 AI 면접관이 다섯 개의 질문을 음성으로 묻습니다. 마이크로 답하면 답변을 글로 옮기고, 면접이 끝나면 답변별 피드백과 종합 평가를 드립니다.",
  landing_cta_start: "무료로 시작하기",
  landing_cta_login: "이미 계정이 있어요",
  landing_cta_dashboard: "대시보드로 가기",
  landing_step1_title: "1. 채용공고 분석",
  landing_step1_body: "PDF를 올리거나 공고문을 붙여 넣으면 핵심 키워드와 자격 요건을 뽑아 줍니다.",
  landing_step2_title: "2. 자기소개서 피드백",
  landing_step2_body: "프로필과 공고를 함께 고려해 채용 담당자의 눈으로 자기소개서를 검토합니다.",
  landing_step3_title: "3. 음성 모의면접 5문항",
  landing_step3_body:
    "질문을 듣고 최대 60초 동안 말로 답하세요. 다시 들어 볼 수 있는 녹음과 함께 피드백을 받습니다.",
  landing_offline_title: "지금은 오프라인 모드입니다",
  landing_offline_body:
    "이 서버에는 AI 서비스가 연결되어 있지 않습니다. 분석과 질문, 피드백은 미리 정해 둔 규칙으로 만들어지며, 질문은 브라우저 음성으로 읽고 답변은 글로 입력합니다. 실제 AI 평가가 아니라는 점을 감안해 주세요.",
  offline_badge: "오프라인 모드: 규칙 기반 결과",

  signup_title: "회원가입",
  signup_lead:
    "프로필은 면접 질문과 피드백을 맞춤화하는 데만 쓰입니다. 이메일과 비밀번호 외에는 선택 사항입니다.",
  signup_submit: "가입하기",
  signup_have_account: "이미 계정이 있나요?",
  signup_done: "가입이 완료되었습니다. 환영합니다!",
  login_title: "로그인",
  login_submit: "로그인",
  login_no_account: "계정이 없나요?",
  login_required: "로그인이 필요합니다.",
  logged_out: "로그아웃했습니다.",
  profile_title: "프로필",
  profile_lead: "이 정보는 질문과 피드백을 만들 때 함께 고려됩니다.",
  profile_submit: "저장",
  profile_saved: "프로필을 저장했습니다.",

  field_email: "이메일",
  field_password: "비밀번호",
  field_password_hint: "8자 이상",
  field_name: "이름",
  field_age: "나이",
  field_gender: "성별",
  field_gender_none: "선택 안 함",
  gender_male: "남성",
  gender_female: "여성",
  gender_other: "기타",
  field_career_summary: "경력 요약",
  field_career_summary_hint: "예: 백엔드 개발 3년, 결제 시스템 운영",
  field_certifications: "자격증",
  field_certifications_hint: "예: 정보처리기사, TOEIC 900",
  optional: "선택",

  dashboard_title: "대시보드",
  dashboard_greeting: "{name}님, 안녕하세요",
  dashboard_postings: "채용공고",
  dashboard_cover_letters: "자기소개서",
  dashboard_interviews: "모의면접",
  dashboard_new_posting: "채용공고 추가",
  dashboard_no_postings: "아직 채용공고가 없습니다. 공고를 추가하는 것부터 시작하세요.",
  dashboard_no_cover_letters: "아직 자기소개서가 없습니다. 채용공고 화면에서 작성할 수 있습니다.",
  dashboard_no_interviews: "아직 면접 기록이 없습니다. 자기소개서 화면에서 면접을 시작하세요.",
  dashboard_see_all: "전체 보기",
  untitled_posting: "제목 없는 공고",
  untitled_cover_letter: "자기소개서",

  status_in_progress: "진행 중",
  status_feedback_pending: "피드백 생성 중",
  status_completed: "완료",
  status_failed: "실패",

  posting_new_title: "채용공고 추가",
  posting_new_lead: "PDF 파일을 올리거나 공고 본문을 붙여 넣으세요. 둘 다 넣으면 PDF를 사용합니다.",
  posting_field_title: "공고 제목",
  posting_field_title_hint: "예: ○○전자 백엔드 개발자",
  posting_field_file: "공고 PDF",
  posting_field_file_hint: "PDF, 최대 10MB",
  posting_field_text: "공고 본문",
  posting_or: "또는",
  posting_submit: "분석하기",
  posting_submit_busy: "분석에는 몇 초가 걸릴 수 있습니다.",
  posting_keywords: "핵심 키워드",
  posting_requirements: "자격 요건",
  posting_original: "공고 원문",
  posting_no_keywords: "추출된 키워드가 없습니다.",
  posting_write_cover_letter: "이 공고로 자기소개서 쓰기",
  posting_delete: "공고 삭제",
  posting_deleted: "채용공고를 삭제했습니다.",
  posting_created: "채용공고를 분석했습니다.",
  posting_cover_letters: "이 공고의 자기소개서",

  cl_new_title: "자기소개서 작성",
  cl_new_lead: "작성한 자기소개서를 공고와 프로필에 비추어 검토해 드립니다.",
  cl_field_posting: "지원할 채용공고",
  cl_field_content: "자기소개서 내용",
  cl_field_content_hint: "50자 이상, 최대 10,000자",
  cl_submit: "피드백 받기",
  cl_update: "수정하고 다시 피드백 받기",
  cl_feedback: "AI 피드백",
  cl_no_feedback: "아직 피드백이 없습니다.",
  cl_for_posting: "지원 공고",
  cl_posting_deleted: "삭제된 공고",
  cl_edit: "내용 수정",
  cl_created: "자기소개서에 대한 피드백이 준비되었습니다.",
  cl_updated: "수정한 내용으로 피드백을 다시 받았습니다.",
  cl_need_posting: "자기소개서를 쓰려면 먼저 채용공고를 추가하세요.",
  cl_start_interview: "이 자기소개서로 모의면접 시작",
  cl_start_interview_hint: "질문 5개, 답변마다 최대 60초. 조용한 곳에서 이어폰을 끼고 하세요.",
  cl_interviews: "이 자기소개서의 면접",

  interview_title: "모의면접",
  interview_turn: "질문 {n} / {total}",
  interview_needs_js:
    "면접실은 녹음을 위해 JavaScript가 필요합니다. 브라우저에서 JavaScript를 켜 주세요.",
  interview_view_result: "결과 보기",

  result_title: "면접 결과",
  result_generating: "피드백을 만들고 있습니다…",
  result_generating_hint: "보통 1분 안에 끝납니다. 이 페이지는 자동으로 새로 고쳐집니다.",
  result_failed: "피드백을 만들지 못했습니다. 잠시 뒤 다시 시도해 주세요.",
  result_retry_feedback: "피드백 다시 만들기",
  result_overall: "종합 피드백",
  result_score: "점수",
  result_score_value: "{score} / 5",
  result_strengths: "잘한 점",
  result_improvements: "보완할 점",
  result_evidence: "근거가 된 답변",
  result_question: "질문",
  result_your_answer: "내 답변 (녹음)",
  result_transcript: "받아쓴 답변",
  result_typed_answer: "입력한 답변",
  result_feedback: "피드백",
  result_metrics: "말하기 지표",
  result_no_answer: "답변이 없습니다.",
  result_no_audio: "녹음 없음",
  result_turn: "{n}번 질문",
  result_continue: "면접 계속하기",
  metric_duration: "길이",
  metric_duration_value: "{n}초",
  metric_chars: "글자 수",
  metric_spm: "말 빠르기",
  metric_spm_value: "분당 {n}음절",
  metric_fillers: "군말",
  metric_fillers_value: "{n}회",

  history_title: "면접 기록",
  history_empty: "아직 면접 기록이 없습니다.",
  history_started: "시작",
  history_completed: "완료",
  history_open: "열기",
  history_prev: "이전",
  history_next: "다음",

  col_title: "제목",
  col_created: "만든 날",
  col_status: "상태",
  view: "보기",
  back_to_dashboard: "대시보드로",

  error_title: "문제가 발생했습니다",
  error_not_found: "페이지를 찾을 수 없거나 볼 권한이 없습니다.",
  error_generic: "잠시 뒤 다시 시도해 주세요.",
  error_csrf: "보안 확인에 실패했습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
  error_form: "입력한 내용을 확인해 주세요.",
  e_invalid_credentials: "이메일 또는 비밀번호가 올바르지 않습니다.",
  e_email_taken: "이미 가입된 이메일입니다.",
  e_rate_limited: "요청이 너무 많습니다. 잠시 뒤 다시 시도해 주세요.",
  e_upstream: "AI 서비스가 응답하지 않습니다. 잠시 뒤 다시 시도해 주세요.",
  e_unavailable: "서비스를 일시적으로 사용할 수 없습니다. 잠시 뒤 다시 시도해 주세요.",
  e_too_large: "파일이 너무 큽니다.",
  e_unsupported: "지원하지 않는 파일 형식입니다. PDF를 올려 주세요.",
  e_conflict: "현재 상태에서는 할 수 없는 작업입니다.",
  e_not_found: "찾을 수 없습니다.",
  e_invalid: "입력값이 올바르지 않습니다.",
  e_need_posting_input: "PDF 파일이나 공고 본문(20자 이상) 중 하나가 필요합니다.",
  v_email: "올바른 이메일 주소를 입력하세요.",
  v_password: "비밀번호는 8자 이상 256자 이하여야 합니다.",
  v_age: "나이는 14에서 120 사이의 숫자로 입력하세요.",
  v_too_long: "너무 깁니다.",
  v_text: "20자 이상 입력하세요.",
  v_content: "50자 이상 10,000자 이하로 입력하세요.",
  v_required: "필수 항목입니다.",
  v_generic: "값을 확인하세요.",

  // Recorder island.
  rec_intro:
    "시작을 누르면 질문이 재생되고, 재생이 끝나면 바로 녹음이 시작됩니다. 답변마다 최대 60초입니다.",
  rec_headphones: "질문 소리가 녹음되지 않도록 이어폰 사용을 권장합니다.",
  rec_start: "면접 시작",
  rec_playing: "질문을 듣고 있습니다…",
  rec_skip: "바로 답하기",
  rec_replay: "질문 다시 듣기",
  rec_recording: "녹음 중",
  rec_seconds_left: "남은 시간 {n}초",
  rec_level: "입력 음량",
  rec_stop: "답변 마치기",
  rec_uploading: "답변을 올리고 있습니다…",
  rec_processing: "답변을 글로 옮기고 다음 질문을 준비하고 있습니다…",
  rec_finishing: "마지막 답변을 저장하고 있습니다…",
  rec_net_retry: "연결이 불안정합니다. 다시 시도하는 중… ({n})",
  rec_failed: "답변을 보내지 못했습니다. 녹음은 보관되어 있습니다.",
  rec_ai_down: "AI 서비스가 잠시 응답하지 않습니다.",
  rec_rate_limited: "요청이 너무 많습니다. 잠시 뒤 다시 시도하세요.",
  rec_busy:
    "이 답변을 서버가 아직 처리하고 있습니다. 녹음은 그대로 있으니 잠시 뒤 다시 보내 주세요.",
  rec_retry: "다시 보내기",
  rec_retry_server: "서버에서 다시 처리하기",
  rec_no_speech: "목소리가 들리지 않았습니다. 마이크를 확인하고 다시 녹음해 주세요.",
  rec_record_again: "다시 녹음하기",
  rec_mic_denied:
    "마이크 권한이 거부되었습니다. 주소창의 자물쇠 아이콘에서 마이크를 허용한 뒤 새로 고치거나, 아래에 답변을 입력하세요.",
  rec_mic_missing:
    "마이크를 찾을 수 없습니다. 마이크를 연결한 뒤 새로 고치거나, 아래에 답변을 입력하세요.",
  rec_unsupported: "이 브라우저는 녹음을 지원하지 않습니다. 아래에 답변을 입력하세요.",
  rec_text_mode: "이 서버는 음성 인식을 쓰지 않습니다. 질문을 듣고 답변을 입력하세요.",
  rec_answer_label: "답변 입력",
  rec_send_text: "답변 보내기",
  rec_session_expired: "로그인이 만료되었습니다. 다시 로그인해 주세요.",
  rec_done: "면접이 끝났습니다. 결과 페이지로 이동합니다…",
  rec_question_label: "면접관 질문",
} as const;

/** Every message key. */
export type MessageKey = keyof typeof ko;
/** A full catalogue for one language. */
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  app_name: "AI Mock Interview",
  app_tagline: "Voice mock interviews built from a job posting and your cover letter",
  skip_to_content: "Skip to content",
  nav_dashboard: "Dashboard",
  nav_history: "History",
  nav_profile: "Profile",
  nav_login: "Log in",
  nav_signup: "Sign up",
  nav_logout: "Log out",
  nav_main: "Main menu",
  lang_switch: "한국어",
  lang_switch_label: "Change language",
  footer_note: "Only you can see your recordings; their links expire after about an hour.",

  landing_title: "Practise interviews out loud, get feedback on every answer",
  landing_lead:
    "Upload a job posting and your cover letter, and an AI interviewer asks you five questions out loud. Answer into your microphone; your answers are transcribed, and at the end you get feedback on each answer and on the interview as a whole.",
  landing_cta_start: "Start for free",
  landing_cta_login: "I already have an account",
  landing_cta_dashboard: "Go to the dashboard",
  landing_step1_title: "1. Posting analysis",
  landing_step1_body:
    "Upload a PDF or paste the posting; we extract its key words and requirements.",
  landing_step2_title: "2. Cover-letter feedback",
  landing_step2_body:
    "A hiring expert's review of your cover letter, in the light of your profile and the posting.",
  landing_step3_title: "3. Five-question voice interview",
  landing_step3_body:
    "Listen to each question and answer out loud for up to 60 seconds. Replay your recordings next to the feedback.",
  landing_offline_title: "Offline mode",
  landing_offline_body:
    "This server has no AI service connected. Analyses, questions and feedback come from fixed rules, questions are read by your browser's voice and you type your answers. Please do not take the results as a real AI assessment.",
  offline_badge: "Offline mode: rule-based results",

  signup_title: "Sign up",
  signup_lead:
    "Your profile is only used to tailor questions and feedback. Everything but e-mail and password is optional.",
  signup_submit: "Create account",
  signup_have_account: "Already have an account?",
  signup_done: "Your account is ready. Welcome!",
  login_title: "Log in",
  login_submit: "Log in",
  login_no_account: "No account yet?",
  login_required: "Please log in first.",
  logged_out: "You have logged out.",
  profile_title: "Profile",
  profile_lead: "We take this into account when writing questions and feedback.",
  profile_submit: "Save",
  profile_saved: "Profile saved.",

  field_email: "E-mail",
  field_password: "Password",
  field_password_hint: "At least 8 characters",
  field_name: "Name",
  field_age: "Age",
  field_gender: "Gender",
  field_gender_none: "Prefer not to say",
  gender_male: "Male",
  gender_female: "Female",
  gender_other: "Other",
  field_career_summary: "Career summary",
  field_career_summary_hint: "e.g. 3 years of back-end development, ran a payment system",
  field_certifications: "Certifications",
  field_certifications_hint: "e.g. Engineer Information Processing, TOEIC 900",
  optional: "optional",

  dashboard_title: "Dashboard",
  dashboard_greeting: "Hello, {name}",
  dashboard_postings: "Job postings",
  dashboard_cover_letters: "Cover letters",
  dashboard_interviews: "Mock interviews",
  dashboard_new_posting: "Add a posting",
  dashboard_no_postings: "No postings yet. Start by adding one.",
  dashboard_no_cover_letters: "No cover letters yet. Write one from a posting's page.",
  dashboard_no_interviews: "No interviews yet. Start one from a cover letter's page.",
  dashboard_see_all: "See all",
  untitled_posting: "Untitled posting",
  untitled_cover_letter: "Cover letter",

  status_in_progress: "In progress",
  status_feedback_pending: "Generating feedback",
  status_completed: "Completed",
  status_failed: "Failed",

  posting_new_title: "Add a job posting",
  posting_new_lead:
    "Upload the posting as a PDF or paste its text. If you give both, the PDF wins.",
  posting_field_title: "Title",
  posting_field_title_hint: "e.g. Back-end developer at Example Corp",
  posting_field_file: "Posting PDF",
  posting_field_file_hint: "PDF, up to 10 MB",
  posting_field_text: "Posting text",
  posting_or: "or",
  posting_submit: "Analyse",
  posting_submit_busy: "The analysis can take a few seconds.",
  posting_keywords: "Key words",
  posting_requirements: "Requirements",
  posting_original: "Original text",
  posting_no_keywords: "No key words were found.",
  posting_write_cover_letter: "Write a cover letter for this posting",
  posting_delete: "Delete posting",
  posting_deleted: "Posting deleted.",
  posting_created: "Posting analysed.",
  posting_cover_letters: "Cover letters for this posting",

  cl_new_title: "Write a cover letter",
  cl_new_lead: "We review your cover letter against the posting and your profile.",
  cl_field_posting: "Posting you are applying for",
  cl_field_content: "Cover letter",
  cl_field_content_hint: "50 to 10,000 characters",
  cl_submit: "Get feedback",
  cl_update: "Save and get new feedback",
  cl_feedback: "AI feedback",
  cl_no_feedback: "No feedback yet.",
  cl_for_posting: "Posting",
  cl_posting_deleted: "Deleted posting",
  cl_edit: "Edit",
  cl_created: "Your cover-letter feedback is ready.",
  cl_updated: "Saved; here is the new feedback.",
  cl_need_posting: "Add a job posting before writing a cover letter.",
  cl_start_interview: "Start a mock interview with this cover letter",
  cl_start_interview_hint:
    "Five questions, up to 60 seconds per answer. Find a quiet place and use headphones.",
  cl_interviews: "Interviews with this cover letter",

  interview_title: "Mock interview",
  interview_turn: "Question {n} of {total}",
  interview_needs_js:
    "The interview room needs JavaScript to record your answers. Please enable JavaScript.",
  interview_view_result: "View the result",

  result_title: "Interview result",
  result_generating: "Generating your feedback…",
  result_generating_hint: "This usually takes under a minute. The page refreshes by itself.",
  result_failed: "We could not generate the feedback. Please try again in a moment.",
  result_retry_feedback: "Generate the feedback again",
  result_overall: "Overall feedback",
  result_score: "Score",
  result_score_value: "{score} / 5",
  result_strengths: "Strengths",
  result_improvements: "To improve",
  result_evidence: "Based on",
  result_question: "Question",
  result_your_answer: "Your answer (recording)",
  result_transcript: "Transcript",
  result_typed_answer: "Typed answer",
  result_feedback: "Feedback",
  result_metrics: "Delivery",
  result_no_answer: "No answer.",
  result_no_audio: "No recording",
  result_turn: "Question {n}",
  result_continue: "Continue the interview",
  metric_duration: "Length",
  metric_duration_value: "{n} s",
  metric_chars: "Characters",
  metric_spm: "Pace",
  metric_spm_value: "{n} syllables/min",
  metric_fillers: "Fillers",
  metric_fillers_value: "{n}",

  history_title: "Interview history",
  history_empty: "No interviews yet.",
  history_started: "Started",
  history_completed: "Finished",
  history_open: "Open",
  history_prev: "Previous",
  history_next: "Next",

  col_title: "Title",
  col_created: "Created",
  col_status: "Status",
  view: "View",
  back_to_dashboard: "Back to the dashboard",

  error_title: "Something went wrong",
  error_not_found: "This page does not exist or is not yours.",
  error_generic: "Please try again in a moment.",
  error_csrf: "The security check failed. Reload the page and try again.",
  error_form: "Please check what you entered.",
  e_invalid_credentials: "E-mail or password is incorrect.",
  e_email_taken: "An account with this e-mail already exists.",
  e_rate_limited: "Too many requests. Please wait a moment.",
  e_upstream: "The AI service is not responding. Please try again shortly.",
  e_unavailable: "The service is temporarily unavailable. Please try again shortly.",
  e_too_large: "The file is too large.",
  e_unsupported: "Unsupported file type. Please upload a PDF.",
  e_conflict: "That is not possible in the current state.",
  e_not_found: "Not found.",
  e_invalid: "Invalid input.",
  e_need_posting_input: "Give either a PDF or the posting's text (20+ characters).",
  v_email: "Enter a valid e-mail address.",
  v_password: "The password must be 8 to 256 characters long.",
  v_age: "Enter an age between 14 and 120.",
  v_too_long: "Too long.",
  v_text: "Enter at least 20 characters.",
  v_content: "Enter 50 to 10,000 characters.",
  v_required: "Required.",
  v_generic: "Check this value.",

  rec_intro:
    "Press start: the question plays, and recording begins as soon as it ends. Each answer can last up to 60 seconds.",
  rec_headphones: "Headphones keep the question from being recorded with your answer.",
  rec_start: "Start the interview",
  rec_playing: "Listening to the question…",
  rec_skip: "Answer now",
  rec_replay: "Replay the question",
  rec_recording: "Recording",
  rec_seconds_left: "{n} s left",
  rec_level: "Input level",
  rec_stop: "Finish answer",
  rec_uploading: "Uploading your answer…",
  rec_processing: "Transcribing your answer and preparing the next question…",
  rec_finishing: "Saving your last answer…",
  rec_net_retry: "The connection is unstable. Retrying… ({n})",
  rec_failed: "Your answer could not be sent. The recording is kept.",
  rec_ai_down: "The AI service is not responding right now.",
  rec_rate_limited: "Too many requests. Please wait a moment and try again.",
  rec_busy:
    "The server is still processing this answer. Your recording is kept; send it again in a moment.",
  rec_retry: "Send again",
  rec_retry_server: "Process it again on the server",
  rec_no_speech: "We could not hear you. Check your microphone and record again.",
  rec_record_again: "Record again",
  rec_mic_denied:
    "Microphone access was denied. Allow the microphone from the lock icon in the address bar and reload, or type your answer below.",
  rec_mic_missing: "No microphone was found. Connect one and reload, or type your answer below.",
  rec_unsupported: "This browser cannot record. Please type your answer below.",
  rec_text_mode:
    "This server does not transcribe speech. Listen to the question and type your answer.",
  rec_answer_label: "Your answer",
  rec_send_text: "Send answer",
  rec_session_expired: "Your session has expired. Please log in again.",
  rec_done: "The interview is over. Opening your result…",
  rec_question_label: "Interviewer's question",
};

const CATALOGUE: Record<Lang, Messages> = { ko, en };

/** The catalogue for a language. */
export function messages(lang: Lang): Messages {
  return CATALOGUE[lang];
}

/** Fills `{name}` placeholders. */
export function fmt(message: string, vars: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/**
 * The page language: an explicit choice (cookie or `?lang=`) wins, then the first supported
 * language in Accept-Language, then Korean.
 */
export function pickLang(choice: string | undefined | null, acceptLanguage?: string | null): Lang {
  if (choice === "ko" || choice === "en") return choice;
  const ranked = (acceptLanguage ?? "").split(",").map((part) => {
    const [tag, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return { base: tag.split("-")[0], q: q ? Number(q.slice(2)) || 0 : 1 };
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q);
  for (const { base } of ranked) if (base === "ko" || base === "en") return base;
  return "ko";
}

/** The recorder island's strings (only these ship to the browser). */
export type IslandMessages = { [K in MessageKey as K extends `rec_${string}` ? K : never]: string };

/** The island's subset of the catalogue for a language. */
export function islandMessages(lang: Lang): IslandMessages {
  return Object.fromEntries(
    Object.entries(CATALOGUE[lang]).filter(([k]) => k.startsWith("rec_")),
  ) as IslandMessages;
}

/** A date as the reader expects it, in Korean time (the service's audience). */
export function formatDate(lang: Lang, d: Date | string | null | undefined): string {
  if (!d) return "";
  return new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Seoul",
  }).format(typeof d === "string" ? new Date(d) : d);
}
